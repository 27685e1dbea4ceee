package io.journeys.broadcast;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When each recipient of a broadcast gets the message: recipient {@code i} (in the order given) is
 * in batch {@code i / batchSize} (one batch without a batch size), sent on {@code date} plus the
 * batch number in days, at {@code time} in the fixed zone, or in the contact's own zone with {@code
 * localTime} (the fixed zone for contacts without a valid one). Pure; see docs/campaigns.md
 * "Broadcast timing".
 */
final class BroadcastSchedule {

  /** One recipient: its place in the list, its batch and the instant its message is due. */
  record Slot(String contactId, int position, int batch, Instant sendAt) {}

  private BroadcastSchedule() {}

  static List<Slot> plan(
      List<String> contactIds,
      LocalDate date,
      LocalTime time,
      ZoneId zone,
      boolean localTime,
      Integer batchSize,
      Map<String, String> contactZones) {
    List<Slot> slots = new ArrayList<>(contactIds.size());
    for (int i = 0; i < contactIds.size(); i++) {
      String contactId = contactIds.get(i);
      int batch = batchSize == null ? 0 : i / batchSize;
      ZoneId at = localTime ? zoneOf(contactZones.get(contactId), zone) : zone;
      Instant sendAt = date.plusDays(batch).atTime(time).atZone(at).toInstant();
      slots.add(new Slot(contactId, i, batch, sendAt));
    }
    return slots;
  }

  /** A contact's zone, or the fallback when it has none or an unknown one. */
  static ZoneId zoneOf(String timezone, ZoneId fallback) {
    if (timezone == null || timezone.isBlank()) {
      return fallback;
    }
    try {
      return ZoneId.of(timezone.trim());
    } catch (java.time.DateTimeException e) {
      return fallback;
    }
  }
}
