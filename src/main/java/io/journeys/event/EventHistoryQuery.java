package io.journeys.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** {@link EventHistory} on the event table, 1000 contacts per query. */
@Repository
class EventHistoryQuery implements EventHistory {

  private static final int CHUNK = 1000;
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final NamedParameterJdbcTemplate jdbc;
  private final ObjectMapper json;

  EventHistoryQuery(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public List<StoredEvent> find(String type, Collection<String> contactIds, Instant from,
      Instant to) {
    List<String> ids = List.copyOf(contactIds);
    List<StoredEvent> events = new ArrayList<>();
    for (int start = 0; start < ids.size(); start += CHUNK) {
      MapSqlParameterSource params = new MapSqlParameterSource()
          .addValue("type", type)
          .addValue("ids", ids.subList(start, Math.min(ids.size(), start + CHUNK)))
          .addValue("from", from.atOffset(ZoneOffset.UTC))
          .addValue("to", to.atOffset(ZoneOffset.UTC));
      events.addAll(jdbc.query("select id, type, contact_id, occurred_at, properties from event"
              + " where type = :type and contact_id in (:ids)"
              + " and occurred_at >= :from and occurred_at < :to", params,
          (rs, n) -> new StoredEvent(rs.getString("id"), rs.getString("type"),
              rs.getString("contact_id"),
              rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
              properties(rs.getString("properties")))));
    }
    events.sort(Comparator.comparing(StoredEvent::occurredAt));
    return events;
  }

  private Map<String, Object> properties(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      return json.readValue(text, MAP);
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
