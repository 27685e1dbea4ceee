package io.journeys.governance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a send step may go out, in the contact's own timezone: {@code HH:mm-HH:mm}, from (inclusive)
 * to (exclusive), possibly across midnight ({@code 22:00-02:00}). A send step names it in its
 * {@code sendWindow} input ("Send window" in Modeler), e.g. {@code 20:00-22:00} for seed 001's
 * "20点用户活跃时段". Outside it the send is deferred to the window's next start.
 */
record SendWindow(LocalTime from, LocalTime to) {

  static final Pattern FORMAT =
      Pattern.compile("^\\s*(\\d{2}:\\d{2})\\s*-\\s*(\\d{2}:\\d{2})\\s*$");

  /** Parses {@code HH:mm-HH:mm}; a blank value is no window. */
  static Optional<SendWindow> parse(Object value) {
    if (value == null || value.toString().isBlank()) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(value.toString());
    try {
      if (m.matches()) {
        SendWindow window =
            new SendWindow(LocalTime.parse(m.group(1)), LocalTime.parse(m.group(2)));
        if (!window.from.equals(window.to)) {
          return Optional.of(window);
        }
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "send window '"
            + value
            + "' is not HH:mm-HH:mm with two different times (e.g. 20:00-22:00)");
  }

  /** When the send may go, if {@code now} is outside the window in {@code zone}; empty: now. */
  Optional<Instant> deferUntil(Instant now, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone);
    LocalTime time = local.toLocalTime();
    boolean acrossMidnight = from.isAfter(to);
    boolean open =
        acrossMidnight
            ? !time.isBefore(from) || time.isBefore(to)
            : !time.isBefore(from) && time.isBefore(to);
    if (open) {
      return Optional.empty();
    }
    LocalDate day = local.toLocalDate();
    if (!time.isBefore(from)) {
      day = day.plusDays(1);
    }
    return Optional.of(ZonedDateTime.of(day, from, zone).toInstant());
  }

  @Override
  public String toString() {
    return from + "-" + to;
  }
}
