package io.journeys.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.contact.Identities;
import io.journeys.event.InvalidEventsException.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The rules every event obeys (docs/contract.md §1), whatever way it came in. Stateless: contact
 * resolution and suppression are checked when storing.
 */
final class EventValidator {

  static final int MAX_ID = 200;
  static final int MAX_TYPE = 100;
  static final int MAX_CONTACT_ID = 100;
  static final int MAX_PROPERTIES_BYTES = 64 * 1024;
  static final Duration MAX_FUTURE = Duration.ofDays(1);

  /** The earliest {@code occurredAt} taken: the Unix epoch (a year such as -9999 is a typo). */
  static final Instant MIN_OCCURRED_AT = Instant.EPOCH;

  private EventValidator() {}

  /** An event with its email and phone normalised, and its properties serialised. */
  record Normalised(IncomingEvent event, String propertiesJson) {}

  /** Adds the problems of item {@code index} to {@code problems}; answers the normalised event. */
  static Normalised validate(
      int index, IncomingEvent e, Instant now, ObjectMapper json, List<Problem> problems) {
    int before = problems.size();
    if (e == null) {
      problems.add(new Problem(index, "", "missing event"));
      return null;
    }
    if (blank(e.id())) {
      problems.add(new Problem(index, "id", "required"));
    } else if (e.id().length() > MAX_ID) {
      problems.add(new Problem(index, "id", "at most " + MAX_ID + " characters"));
    } else if (!printable(e.id())) {
      problems.add(new Problem(index, "id", CONTROL_CHARACTERS));
    }
    if (blank(e.type())) {
      problems.add(new Problem(index, "type", "required"));
    } else if (!printable(e.type())) {
      problems.add(new Problem(index, "type", CONTROL_CHARACTERS));
    } else if (!EventTypes.isValid(e.type()) || e.type().length() > MAX_TYPE) {
      problems.add(
          new Problem(index, "type", "unknown type (see docs/contract.md or use custom.*)"));
    }
    if (blank(e.contactId()) && blank(e.email()) && blank(e.phone())) {
      problems.add(new Problem(index, "contactId", "one of contactId, email, phone is required"));
    }
    String contactId = blank(e.contactId()) ? null : e.contactId().trim();
    if (contactId != null && contactId.length() > MAX_CONTACT_ID) {
      problems.add(new Problem(index, "contactId", "at most " + MAX_CONTACT_ID + " characters"));
    } else if (contactId != null && !printable(e.contactId())) {
      problems.add(new Problem(index, "contactId", CONTROL_CHARACTERS));
    }
    String email = normalise(index, "email", e.email(), true, problems);
    String phone = normalise(index, "phone", e.phone(), false, problems);
    if (e.occurredAt() == null) {
      problems.add(new Problem(index, "occurredAt", "required"));
    } else if (e.occurredAt().toInstant().isAfter(now.plus(MAX_FUTURE))) {
      problems.add(new Problem(index, "occurredAt", "more than 1 day in the future"));
    } else if (e.occurredAt().toInstant().isBefore(MIN_OCCURRED_AT)) {
      problems.add(new Problem(index, "occurredAt", "before 1970-01-01T00:00:00Z"));
    }
    String properties = properties(index, e.properties(), json, problems);
    if (problems.size() > before) {
      return null;
    }
    return new Normalised(
        new IncomingEvent(
            e.id(),
            e.type(),
            contactId,
            email,
            phone,
            e.occurredAt(),
            e.properties() == null ? Map.of() : e.properties()),
        properties);
  }

  private static String normalise(
      int index, String field, String raw, boolean isEmail, List<Problem> problems) {
    if (blank(raw)) {
      return null;
    }
    try {
      return isEmail ? Identities.email(raw) : Identities.phone(raw);
    } catch (IllegalArgumentException ex) {
      problems.add(new Problem(index, field, ex.getMessage()));
      return null;
    }
  }

  private static String properties(
      int index, Map<String, Object> properties, ObjectMapper json, List<Problem> problems) {
    if (properties == null || properties.isEmpty()) {
      return null;
    }
    try {
      String text = json.writeValueAsString(properties);
      if (text.getBytes(StandardCharsets.UTF_8).length > MAX_PROPERTIES_BYTES) {
        problems.add(new Problem(index, "properties", "larger than 64 KiB"));
        return null;
      }
      return text;
    } catch (JsonProcessingException ex) {
      problems.add(new Problem(index, "properties", "not serialisable as JSON"));
      return null;
    }
  }

  static final String CONTROL_CHARACTERS = "must not contain control characters";

  /**
   * No control character (NUL, line breaks, ...; PostgreSQL refuses NUL in text) and no lone
   * surrogate (not encodable as UTF-8).
   */
  static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        return false;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
