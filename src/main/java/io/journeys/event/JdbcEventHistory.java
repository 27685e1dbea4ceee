package io.journeys.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** {@link EventHistory} on the event table (index event_contact_idx: contact, time). */
@Repository
class JdbcEventHistory implements EventHistory {

  private static final int CHUNK = 1000;
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final NamedParameterJdbcTemplate jdbc;
  private final ObjectMapper json;

  JdbcEventHistory(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public List<StoredEvent> of(
      Collection<String> contactIds, Collection<String> types, Instant since) {
    List<StoredEvent> found = new ArrayList<>();
    if (types != null && types.isEmpty()) {
      return found;
    }
    for (List<String> ids : chunks(contactIds)) {
      MapSqlParameterSource p = new MapSqlParameterSource("ids", ids);
      StringBuilder sql =
          new StringBuilder(
              "select id, type, contact_id, occurred_at, properties from event where contact_id in (:ids)");
      if (types != null) {
        sql.append(" and type in (:types)");
        p.addValue("types", List.copyOf(types));
      }
      if (since != null) {
        sql.append(" and occurred_at >= :since");
        p.addValue("since", since.atOffset(ZoneOffset.UTC));
      }
      sql.append(" order by occurred_at, id");
      jdbc.query(
          sql.toString(),
          p,
          rs -> {
            found.add(
                new StoredEvent(
                    rs.getString("id"),
                    rs.getString("type"),
                    rs.getString("contact_id"),
                    rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                    read(rs.getString("properties"))));
          });
    }
    found.sort(java.util.Comparator.comparing(StoredEvent::occurredAt));
    return found;
  }

  @Override
  public String relation() {
    return "select id, type, contact_id, occurred_at, properties from event";
  }

  @Override
  public Map<String, List<Activity>> activity(
      Collection<String> contactIds, List<Instant> cutoffs) {
    Map<String, List<Activity>> found = new LinkedHashMap<>();
    if (cutoffs.isEmpty()) {
      throw new IllegalArgumentException("at least one cutoff");
    }
    StringBuilder sql = new StringBuilder("select contact_id, type, max(occurred_at) as last_at");
    MapSqlParameterSource base = new MapSqlParameterSource();
    Instant oldest = cutoffs.get(0);
    for (int i = 0; i < cutoffs.size(); i++) {
      sql.append(", sum(case when occurred_at >= :c")
          .append(i)
          .append(" then 1 else 0 end) as n")
          .append(i);
      base.addValue("c" + i, cutoffs.get(i).atOffset(ZoneOffset.UTC));
      if (cutoffs.get(i).isBefore(oldest)) {
        oldest = cutoffs.get(i);
      }
    }
    sql.append(
        " from event where contact_id in (:ids) and occurred_at >= :oldest group by contact_id, type");
    perChunk(
        contactIds,
        sql.toString(),
        base.addValue("oldest", oldest.atOffset(ZoneOffset.UTC)),
        rs -> {
          long[] counts = new long[cutoffs.size()];
          for (int i = 0; i < counts.length; i++) {
            counts[i] = rs.getLong("n" + i);
          }
          found
              .computeIfAbsent(rs.getString("contact_id"), k -> new ArrayList<>())
              .add(
                  new Activity(
                      rs.getString("type"),
                      counts,
                      rs.getObject("last_at", OffsetDateTime.class).toInstant()));
        });
    return found;
  }

  @Override
  public int count(String contactId, String type, Instant since) {
    Integer count =
        jdbc.queryForObject(
            "select count(*) from event where contact_id = :id and type = :type and occurred_at >= :since",
            new MapSqlParameterSource("id", contactId)
                .addValue("type", type)
                .addValue("since", since.atOffset(ZoneOffset.UTC)),
            Integer.class);
    return count == null ? 0 : count;
  }

  @Override
  public int count(String contactId, Collection<String> types, Instant since) {
    if (types.isEmpty()) {
      return 0;
    }
    Integer count =
        jdbc.queryForObject(
            "select count(*) from event where contact_id = :id and type in (:types)"
                + " and occurred_at >= :since",
            new MapSqlParameterSource("id", contactId)
                .addValue("types", List.copyOf(types))
                .addValue("since", since.atOffset(ZoneOffset.UTC)),
            Integer.class);
    return count == null ? 0 : count;
  }

  @Override
  public Map<String, Map<Window, Long>> counts(
      Collection<String> contactIds, Collection<Window> windows) {
    Map<String, Map<Window, Long>> found = new HashMap<>();
    if (contactIds.isEmpty() || windows.isEmpty()) {
      return found;
    }
    List<Window> all = List.copyOf(new LinkedHashSet<>(windows));
    StringBuilder sql = new StringBuilder("select contact_id");
    MapSqlParameterSource base = new MapSqlParameterSource();
    for (int i = 0; i < all.size(); i++) {
      sql.append(
          ", sum(case when type = :t%d and occurred_at >= :s%d then 1 else 0 end) as n%d"
              .formatted(i, i, i));
      base.addValue("t" + i, all.get(i).type());
      base.addValue("s" + i, all.get(i).since().atOffset(ZoneOffset.UTC));
    }
    Instant oldest = all.stream().map(Window::since).min(Instant::compareTo).orElseThrow();
    sql.append(
        " from event where contact_id in (:ids) and type in (:types) and occurred_at >= :oldest"
            + " group by contact_id");
    base.addValue("types", all.stream().map(Window::type).distinct().toList());
    perChunk(
        contactIds,
        sql.toString(),
        base.addValue("oldest", oldest.atOffset(ZoneOffset.UTC)),
        rs -> {
          for (int i = 0; i < all.size(); i++) {
            long n = rs.getLong("n" + i);
            if (n > 0) {
              found
                  .computeIfAbsent(rs.getString("contact_id"), k -> new HashMap<>())
                  .put(all.get(i), n);
            }
          }
        });
    return found;
  }

  @Override
  public List<StoredEvent> since(String contactId, String type, Instant since, int limit) {
    return jdbc.query(
        "select id, type, contact_id, occurred_at, properties from event"
            + " where contact_id = :id and type = :type and occurred_at >= :since"
            + " order by occurred_at desc limit :limit",
        new MapSqlParameterSource("id", contactId)
            .addValue("type", type)
            .addValue("since", since.atOffset(ZoneOffset.UTC))
            .addValue("limit", limit),
        (rs, row) ->
            new StoredEvent(
                rs.getString("id"),
                rs.getString("type"),
                rs.getString("contact_id"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                read(rs.getString("properties"))));
  }

  @Override
  public List<StoredEvent> find(
      String type, Collection<String> contactIds, Instant from, Instant to) {
    List<StoredEvent> events = new ArrayList<>();
    for (List<String> ids : chunks(contactIds)) {
      MapSqlParameterSource params =
          new MapSqlParameterSource()
              .addValue("type", type)
              .addValue("ids", ids)
              .addValue("from", from.atOffset(ZoneOffset.UTC))
              .addValue("to", to.atOffset(ZoneOffset.UTC));
      events.addAll(
          jdbc.query(
              "select id, type, contact_id, occurred_at, properties from event"
                  + " where type = :type and contact_id in (:ids)"
                  + " and occurred_at >= :from and occurred_at < :to",
              params,
              (rs, n) ->
                  new StoredEvent(
                      rs.getString("id"),
                      rs.getString("type"),
                      rs.getString("contact_id"),
                      rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                      read(rs.getString("properties")))));
    }
    events.sort(java.util.Comparator.comparing(StoredEvent::occurredAt));
    return events;
  }

  private Map<String, Object> read(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      return json.readValue(text, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored event properties are not a JSON object", e);
    }
  }

  /** Runs {@code sql} once per 1,000 of {@code contactIds} (parameter {@code ids}). */
  private void perChunk(
      Collection<String> contactIds,
      String sql,
      MapSqlParameterSource base,
      RowCallbackHandler rows) {
    for (List<String> ids : chunks(contactIds)) {
      MapSqlParameterSource p = new MapSqlParameterSource(base.getValues());
      p.addValue("ids", ids);
      jdbc.query(sql, p, rows);
    }
  }

  private static List<List<String>> chunks(Collection<String> ids) {
    List<String> all = List.copyOf(ids);
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
    }
    return chunks;
  }
}
