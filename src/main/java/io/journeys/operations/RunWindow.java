package io.journeys.operations;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A journey's run window (metadata {@code runWindow}): an ISO-8601 interval {@code start/end}, each
 * side a date ({@code 2026-12-01}, the end date counts whole), a local date-time ({@code
 * 2026-12-01T08:00}) in the configured zone, or an instant with offset ({@code
 * 2026-12-01T08:00+08:00}); {@code ..} or nothing for an open side. Entries are refused outside it.
 *
 * @param from first instant inside, null when open
 * @param until first instant after it, null when open
 */
record RunWindow(String text, Instant from, Instant until) {

  /** The window of the text; null when the text is absent or no interval of this form. */
  static RunWindow parse(String text, ZoneId zone) {
    if (text == null || !text.contains("/")) {
      return null;
    }
    String[] sides = text.strip().split("/", -1);
    if (sides.length != 2) {
      return null;
    }
    try {
      Instant from = side(sides[0], zone, false);
      Instant until = side(sides[1], zone, true);
      if (from != null && until != null && !from.isBefore(until)) {
        return null;
      }
      return new RunWindow(text, from, until);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Instant side(String text, ZoneId zone, boolean end) {
    String t = text.strip();
    if (t.isEmpty() || t.equals("..")) {
      return null;
    }
    if (t.length() == 10) {
      LocalDate day = LocalDate.parse(t);
      return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException noOffset) {
      return LocalDateTime.parse(t).atZone(zone).toInstant();
    }
  }

  boolean contains(Instant at) {
    return (from == null || !at.isBefore(from)) && (until == null || at.isBefore(until));
  }

  /** {@code not yet open}, {@code closed} or {@code open} at that instant. */
  String state(Instant at) {
    if (from != null && at.isBefore(from)) {
      return "not yet open";
    }
    return until != null && !at.isBefore(until) ? "closed" : "open";
  }
}
