package io.journeys.broadcast;

import io.journeys.contact.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/** Checks a broadcast request's shape: {@link InvalidBroadcast} with every problem at once. */
@Component
class BroadcastValidator {

  static final Set<String> CHANNELS = Channel.wireNames();
  static final int MAX_RECIPIENTS = 10_000;
  private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
  static final int MAX_BATCH_SIZE = 100_000;
  private static final Pattern TEMPLATE = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
  private static final Pattern CONTACT_ID = Pattern.compile("[^\\s]{1,100}");

  private final ResourcePatternResolver resources = new PathMatchingResourcePatternResolver();

  void check(BroadcastRequest r) {
    List<Map<String, String>> problems = new ArrayList<>();
    if (r == null) {
      throw InvalidBroadcast.missing();
    }
    if (r.name() != null && r.name().length() > 200) {
      problems.add(problem("name", "at most 200 characters"));
    }
    if (r.channel() == null || !CHANNELS.contains(r.channel())) {
      problems.add(problem("channel", "one of email, sms, wecom, push"));
    }
    if (r.template() == null || !TEMPLATE.matcher(r.template()).matches()) {
      problems.add(problem("template", "a message template key (lower-case letters, digits, -)"));
    } else if (!templateExists(r.template())) {
      problems.add(problem("template", "no message template '" + r.template() + "'"));
    }
    if (r.date() == null) {
      problems.add(problem("date", "required, a date (2026-10-01)"));
    }
    if (r.time() == null) {
      problems.add(problem("time", "required, a local time (10:00)"));
    }
    if (r.timezone() == null) {
      problems.add(
          problem(
              "timezone",
              "required, an IANA time zone (Asia/Shanghai); with"
                  + " localTime the zone of contacts without one"));
    } else {
      try {
        ZoneId.of(r.timezone());
      } catch (DateTimeException e) {
        problems.add(problem("timezone", "an IANA time zone, e.g. Asia/Shanghai"));
      }
    }
    if (r.batchSize() != null && (r.batchSize() < 1 || r.batchSize() > MAX_BATCH_SIZE)) {
      problems.add(problem("batchSize", "between 1 and " + MAX_BATCH_SIZE));
    }
    List<String> ids = r.contactIds();
    if (r.segment() != null) {
      if (ids != null) {
        problems.add(problem("segment", "give either segment or contactIds, not both"));
      } else if (!SEGMENT.matcher(r.segment()).matches()) {
        problems.add(problem("segment", "a segment key (lower-case letters, digits, -)"));
      }
    }
    if (r.segment() == null && (ids == null || ids.isEmpty())) {
      problems.add(
          problem(
              "contactIds",
              "required, 1 to " + MAX_RECIPIENTS + " contact ids (or a segment instead)"));
    } else if (ids != null && ids.size() > MAX_RECIPIENTS) {
      problems.add(problem("contactIds", "at most " + MAX_RECIPIENTS + " contact ids"));
    } else if (ids != null) {
      if (ids.stream().anyMatch(id -> id == null || !CONTACT_ID.matcher(id).matches())) {
        problems.add(problem("contactIds", "contact ids of 1 to 100 characters without spaces"));
      } else if (new HashSet<>(ids).size() != ids.size()) {
        problems.add(problem("contactIds", "each contact once"));
      }
    }
    if (!problems.isEmpty()) {
      throw InvalidBroadcast.of(problems);
    }
  }

  private boolean templateExists(String template) {
    try {
      return resources.getResources("classpath*:messages/" + template + "/*.mustache").length > 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> problem(String field, String reason) {
    return Map.of("field", field, "reason", reason);
  }
}
