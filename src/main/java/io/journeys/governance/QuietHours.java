package io.journeys.governance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Quiet hours in a contact's own timezone: from {@code start} (inclusive) to {@code end}
 * (exclusive), possibly across midnight (21:00–08:00). A send at a quiet moment is deferred to the
 * next {@code end} local time. Calculated with {@link ZonedDateTime}, so daylight-saving changes
 * are handled: an {@code end} inside a spring-forward gap becomes the first instant after it.
 */
record QuietHours(LocalTime start, LocalTime end) {

  /** When the send may go, if {@code now} is quiet in {@code zone}; empty when it may go now. */
  Optional<Instant> deferUntil(Instant now, ZoneId zone) {
    if (start.equals(end)) {
      return Optional.empty();
    }
    ZonedDateTime local = now.atZone(zone);
    LocalTime time = local.toLocalTime();
    boolean acrossMidnight = start.isAfter(end);
    boolean quiet =
        acrossMidnight
            ? !time.isBefore(start) || time.isBefore(end)
            : !time.isBefore(start) && time.isBefore(end);
    if (!quiet) {
      return Optional.empty();
    }
    LocalDate day = local.toLocalDate();
    if (acrossMidnight && !time.isBefore(start)) {
      day = day.plusDays(1);
    }
    return Optional.of(ZonedDateTime.of(day, end, zone).toInstant());
  }
}
