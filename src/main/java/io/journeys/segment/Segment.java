package io.journeys.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * A saved segment: its key, display name, definition (the JSON as saved and its parsed tree) and
 * what the tree mentions, so that an event re-evaluates only the segments it can change.
 */
record Segment(
    String key,
    String name,
    JsonNode definition,
    Condition condition,
    Instant updatedAt,
    Set<String> eventTypes,
    Set<String> tags) {

  static Segment of(
      String key, String name, JsonNode definition, Condition condition, Instant updatedAt) {
    Set<String> types = new HashSet<>();
    Set<String> tags = new HashSet<>();
    collect(condition, types, tags);
    return new Segment(
        key, name, definition, condition, updatedAt, Set.copyOf(types), Set.copyOf(tags));
  }

  private static void collect(Condition condition, Set<String> types, Set<String> tags) {
    condition.walk(
        c -> {
          if (c instanceof Condition.Tag tag) {
            tags.add(tag.tag());
          } else if (c instanceof Condition.EventCount count) {
            types.add(count.type());
          } else if (c instanceof Condition.LastEventOlderThan last) {
            types.add(last.type());
          }
        });
  }
}
