package io.journeys.broadcast;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * The body of {@code POST /api/broadcasts}: send {@code template} on {@code channel} to {@code
 * contactIds} on {@code date} at {@code time} in {@code timezone}, or, with {@code localTime}, at
 * that time in each contact's own zone ({@code timezone} for contacts without one); with {@code
 * batchSize}, the first N recipients on {@code date}, the next N a day later, and so on (每日分批推送).
 * {@code segment} (instead of {@code contactIds}): the segment's members when it is scheduled.
 */
record BroadcastRequest(
    String name,
    String channel,
    String template,
    LocalDate date,
    LocalTime time,
    String timezone,
    Boolean localTime,
    Integer batchSize,
    List<String> contactIds,
    String segment) {

  boolean local() {
    return Boolean.TRUE.equals(localTime);
  }
}
