package io.journeys.analytics;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The window of a report over day rollups: whole UTC days {@code [from, to)}. {@code from} and
 * {@code to} are dates ({@code to} included) or ISO-8601 instants widened to their day; the default
 * is the last 30 days up to today, the longest 366 days.
 */
record DayWindow(LocalDate from, LocalDate to) {

  static final int DEFAULT_DAYS = 30;
  static final int LONGEST_DAYS = 366;

  /** Parses both ends, adding a problem per bad one to {@code problems}; null when bad. */
  static DayWindow parse(String from, String to, Clock clock, List<Map<String, String>> problems) {
    LocalDate end =
        blank(to)
            ? LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1)
            : day("to", to, true, problems);
    LocalDate start =
        !blank(from)
            ? day("from", from, false, problems)
            : end == null ? null : end.minusDays(DEFAULT_DAYS);
    if (start == null || end == null) {
      return null;
    }
    if (!start.isBefore(end)) {
      problems.add(problem("from", "must be before to"));
      return null;
    }
    if (ChronoUnit.DAYS.between(start, end) > LONGEST_DAYS) {
      problems.add(problem("to", "at most 366 days after from"));
      return null;
    }
    return new DayWindow(start, end);
  }

  private static LocalDate day(
      String field, String value, boolean end, List<Map<String, String>> problems) {
    String v = value.trim();
    try {
      if (v.length() == 10) {
        LocalDate day = LocalDate.parse(v);
        return end ? day.plusDays(1) : day;
      }
      OffsetDateTime at = OffsetDateTime.parse(v).withOffsetSameInstant(ZoneOffset.UTC);
      LocalDate day = at.toLocalDate();
      return end && !at.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? day.plusDays(1) : day;
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

  static Map<String, String> problem(String field, String reason) {
    return Map.of("field", field, "reason", reason);
  }
}
