package io.journeys.segment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Loads the {@link Facts} the given segments need for a page of contacts, set-based: one query for
 * the contacts, one for their tags (when a segment mentions a tag) and one grouped count per (event
 * type, window) the conditions use, on the index {@code event (contact_id, occurred_at)}. Reads the
 * contact and event tables (read only; they belong to the contact and event features).
 */
@Component
class FactLoader {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final NamedParameterJdbcTemplate jdbc;
  private final ObjectMapper json;

  FactLoader(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The facts of the contacts that exist, by contact id. */
  Map<String, Facts> load(
      Collection<String> contactIds, Collection<Segment> segments, Instant now) {
    if (contactIds.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> ids = Map.of("ids", contactIds);
    Map<String, Facts> facts = new HashMap<>();
    Set<String> windows = new LinkedHashSet<>();
    boolean needsTags = false;
    for (Segment s : segments) {
      windows.addAll(windows(s.condition()));
      needsTags |= !s.tags().isEmpty();
    }
    Map<String, Set<String>> tags = new HashMap<>();
    if (needsTags) {
      jdbc.query(
          "select contact_id, tag from contact_tag where contact_id in (:ids)",
          ids,
          rs -> {
            tags.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
          });
    }
    Map<String, Map<String, Long>> counts = new HashMap<>();
    for (String window : windows) {
      int bar = window.lastIndexOf('|');
      String type = window.substring(0, bar);
      Instant since = now.minus(Duration.ofDays(Integer.parseInt(window.substring(bar + 1))));
      jdbc.query(
          "select contact_id, count(*) from event where contact_id in (:ids) and type = :type"
              + " and occurred_at >= :since group by contact_id",
          Map.of("ids", contactIds, "type", type, "since", Timestamp.from(since)),
          rs -> {
            counts
                .computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                .put(window, rs.getLong(2));
          });
    }
    jdbc.query(
        "select id, email, phone, first_name, last_name, timezone, locale, lifecycle_stage,"
            + " score, attributes, created_at from contact where id in (:ids)",
        ids,
        rs -> {
          String id = rs.getString(1);
          Map<String, Object> fields = new HashMap<>();
          for (int i = 0; i < ContactFields.TEXT.size(); i++) {
            String v = rs.getString(i + 2);
            if (v != null) {
              fields.put(ContactFields.TEXT.get(i), v);
            }
          }
          fields.put(ContactFields.SCORE, rs.getInt(9));
          facts.put(
              id,
              new Facts(
                  id,
                  fields,
                  attributes(rs.getString(10)),
                  tags.getOrDefault(id, Set.of()),
                  rs.getObject(11, OffsetDateTime.class).toInstant(),
                  counts.getOrDefault(id, Map.of())));
        });
    return facts;
  }

  private Map<String, Object> attributes(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      return json.readValue(text, MAP);
    } catch (Exception unreadable) {
      return Map.of();
    }
  }

  /** The (type, window) counts a tree needs, as {@link Facts#countKey} keys. */
  static Set<String> windows(Condition c) {
    Set<String> keys = new LinkedHashSet<>();
    collect(c, keys);
    return keys;
  }

  private static void collect(Condition condition, Set<String> keys) {
    condition.walk(
        c -> {
          if (c instanceof Condition.EventCount count) {
            keys.add(Facts.countKey(count.type(), count.withinDays()));
          } else if (c instanceof Condition.LastEventOlderThan last) {
            keys.add(Facts.countKey(last.type(), last.days()));
          }
        });
  }
}
