package io.journeys.analytics;

import io.journeys.config.EngineClock;
import io.journeys.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/analytics/send-verdicts?from=&to=&journey=}: how many messages were sent,
 * deferred, skipped or suppressed, and why, per journey, channel and template (README "Analytics").
 * {@code from}/{@code to} are ISO-8601 instants ({@code 2026-11-01T00:00:00Z}) or dates (UTC;
 * {@code to} as a date includes that day); the default window is the last 30 days, the longest 366
 * days.
 */
@RestController
class SendVerdictsController {

  static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
  static final Duration LONGEST_WINDOW = Duration.ofDays(366);
  private static final Pattern JOURNEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  private final VerdictCounts counts;
  private final Clock clock;

  @Autowired
  SendVerdictsController(VerdictCounts counts) {
    this(counts, EngineClock.UTC);
  }

  SendVerdictsController(VerdictCounts counts, Clock clock) {
    this.counts = counts;
    this.clock = clock;
  }

  @GetMapping("/api/analytics/send-verdicts")
  SendVerdictReport sendVerdicts(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String journey) {
    List<Map<String, String>> problems = new ArrayList<>();
    Instant end = blank(to) ? Instant.now(clock) : instant("to", to, true, problems);
    Instant start =
        !blank(from)
            ? instant("from", from, false, problems)
            : end == null ? null : end.minus(DEFAULT_WINDOW);
    if (journey != null && !JOURNEY.matcher(journey).matches()) {
      problems.add(problem("journey", "a process key (letters, digits, . _ -) or \"unknown\""));
    }
    if (start != null && end != null) {
      if (!start.isBefore(end)) {
        problems.add(problem("from", "must be before to"));
      } else if (Duration.between(start, end).compareTo(LONGEST_WINDOW) > 0) {
        problems.add(problem("to", "at most 366 days after from"));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid parameters", problems);
    }
    return SendVerdictReport.of(start, end, journey, counts.count(start, end, journey));
  }

  /** An instant, or a date: its start (from) or the start of the next day (to), in UTC. */
  private static Instant instant(
      String field, String value, boolean end, List<Map<String, String>> problems) {
    String v = value.trim();
    try {
      if (v.length() == 10) {
        LocalDate day = LocalDate.parse(v);
        return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(
          problem(
              field,
              "an ISO-8601 date (2026-11-01) or instant with offset" + " (2026-11-01T00:00:00Z)"));
      return null;
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static Map<String, String> problem(String field, String reason) {
    return Map.of("field", field, "reason", reason);
  }
}
