package io.journeys.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The body of {@code PUT /api/contacts/{id}}, read from a JSON tree so that every field gets its
 * own reason. Fields absent from the body are left unchanged; {@code null} clears a field.
 */
record ContactInput(
    Set<String> present,
    String email,
    String phone,
    String firstName,
    String lastName,
    String timezone,
    String locale,
    Map<String, Object> attributes,
    Map<String, ConsentInput> consent) {

  static final Set<String> CHANNELS = Channel.wireNames();
  static final String DEFAULT_CONSENT_SOURCE = "api";

  /** A consent decision as given: {@code true}/{@code false} or {@code {"granted", "source"}}. */
  record ConsentInput(boolean granted, String source) {}

  /** One reason a field was refused. */
  record Problem(String field, String reason) {}

  /** Reads the body; {@code problems} receives one entry per refused field. */
  static ContactInput read(JsonNode body, ObjectMapper json, List<Problem> problems) {
    if (body == null || !body.isObject()) {
      problems.add(new Problem("", "body must be a JSON object"));
      return null;
    }
    Reader r = new Reader(body, problems);
    String email = r.text("email", 320);
    if (email != null) {
      email = r.check("email", email, Identities::email);
    }
    String phone = r.text("phone", 40);
    if (phone != null) {
      phone = r.check("phone", phone, Identities::phone);
    }
    String firstName = r.text("firstName", 200);
    String lastName = r.text("lastName", 200);
    String timezone = r.text("timezone", 64);
    if (timezone != null && !ZoneId.getAvailableZoneIds().contains(timezone)) {
      problems.add(new Problem("timezone", "not an IANA time zone (e.g. Asia/Shanghai)"));
    }
    String locale = r.text("locale", 35);
    if (locale != null) {
      locale = r.check("locale", locale, ContactInput::locale);
    }
    Map<String, Object> attributes = null;
    JsonNode attrs = body.get("attributes");
    if (attrs != null && !attrs.isNull()) {
      if (attrs.isObject()) {
        attributes = json.convertValue(attrs, ContactRepository.MAP_TYPE);
      } else {
        problems.add(new Problem("attributes", "must be an object"));
      }
    }
    Map<String, ConsentInput> consent = consent(body.get("consent"), problems);
    Set<String> present = new HashSet<>();
    body.fieldNames().forEachRemaining(present::add);
    return new ContactInput(
        Set.copyOf(present),
        email,
        phone,
        firstName,
        lastName,
        timezone,
        locale,
        attributes,
        consent);
  }

  private static Map<String, ConsentInput> consent(JsonNode node, List<Problem> problems) {
    Map<String, ConsentInput> consent = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return consent;
    }
    if (!node.isObject()) {
      problems.add(new Problem("consent", "must be an object of channel to true/false"));
      return consent;
    }
    node.fields()
        .forEachRemaining(
            e -> {
              String field = "consent." + e.getKey();
              if (!CHANNELS.contains(e.getKey())) {
                problems.add(new Problem(field, "unknown channel (email, sms, wecom, push)"));
                return;
              }
              JsonNode v = e.getValue();
              if (v.isBoolean()) {
                consent.put(e.getKey(), new ConsentInput(v.booleanValue(), DEFAULT_CONSENT_SOURCE));
              } else if (v.isObject() && v.path("granted").isBoolean()) {
                JsonNode source = v.get("source");
                String s =
                    source != null && source.isTextual() && !source.asText().isBlank()
                        ? source.asText().trim()
                        : DEFAULT_CONSENT_SOURCE;
                if (s.length() > 100) {
                  problems.add(new Problem(field + ".source", "at most 100 characters"));
                }
                consent.put(e.getKey(), new ConsentInput(v.get("granted").booleanValue(), s));
              } else {
                problems.add(new Problem(field, "must be true or false"));
              }
            });
    return consent;
  }

  static String locale(String raw) {
    try {
      Locale locale = new Locale.Builder().setLanguageTag(raw.trim().replace('_', '-')).build();
      if (locale.getLanguage().isEmpty()) {
        throw new IllegalArgumentException("not a language tag (e.g. zh-CN)");
      }
      return locale.toLanguageTag();
    } catch (IllformedLocaleException e) {
      throw new IllegalArgumentException("not a language tag (e.g. zh-CN)", e);
    }
  }

  /** Reads string fields, recording type and length problems. */
  private record Reader(JsonNode body, List<Problem> problems) {

    String text(String field, int max) {
      JsonNode v = body.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isTextual()) {
        problems.add(new Problem(field, "must be a string"));
        return null;
      }
      String s = v.asText().trim();
      if (s.length() > max) {
        problems.add(new Problem(field, "at most " + max + " characters"));
        return null;
      }
      return s.isEmpty() ? null : s;
    }

    String check(String field, String value, UnaryOperator<String> normaliser) {
      try {
        return normaliser.apply(value);
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(field, e.getMessage()));
        return null;
      }
    }
  }

  /** Problems as {@code [{field, reason}]} for the error body. */
  static List<Map<String, String>> details(List<Problem> problems) {
    List<Map<String, String>> details = new ArrayList<>();
    problems.forEach(p -> details.add(Map.of("field", p.field(), "reason", p.reason())));
    return details;
  }
}
