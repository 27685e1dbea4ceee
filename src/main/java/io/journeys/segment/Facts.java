package io.journeys.segment;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What the conditions of a batch of segments need to know about one contact, loaded set-based for a
 * page of contacts by {@link FactLoader}.
 *
 * @param fields profile fields by their API name ({@code email}, {@code score}, ...)
 * @param attributes the contact's attributes
 * @param eventCounts events per {@link #countKey(String, int)} (type and window in days)
 */
record Facts(
    String contactId,
    Map<String, Object> fields,
    Map<String, Object> attributes,
    Set<String> tags,
    Instant createdAt,
    Map<String, Long> eventCounts) {

  static String countKey(String type, int withinDays) {
    return type + "|" + withinDays;
  }

  long count(String type, int withinDays) {
    return eventCounts.getOrDefault(countKey(type, withinDays), 0L);
  }
}
