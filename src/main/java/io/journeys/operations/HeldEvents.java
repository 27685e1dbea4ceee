package io.journeys.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.event.StoredEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code journey_held_event} table: events a paused journey holds, an entry (no process
 * instance) or a message for one of its suspended instances, in arrival order ({@code seq}).
 */
@Repository
class HeldEvents {

  /** A held event; {@code processInstanceId} null for an entry. */
  record Held(long seq, String processKey, String processInstanceId, StoredEvent event) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcTemplate jdbc;

  HeldEvents(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void hold(String processKey, String processInstanceId, StoredEvent event, Instant now) {
    jdbc.update(
        "insert into journey_held_event (process_key, process_instance_id, contact_id,"
            + " event_id, event_type, occurred_at, properties, held_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)",
        processKey,
        processInstanceId,
        event.contactId(),
        event.id(),
        event.type(),
        Timestamp.from(event.occurredAt()),
        json(event.properties()),
        Timestamp.from(now));
  }

  /** The journey's held events, oldest first. */
  List<Held> of(String processKey, int limit) {
    return jdbc.query(
        "select seq, process_key, process_instance_id, contact_id, event_id,"
            + " event_type, occurred_at, properties from journey_held_event where process_key = ?"
            + " order by seq fetch first "
            + limit
            + " rows only",
        HeldEvents::row,
        processKey);
  }

  void remove(long seq) {
    jdbc.update("delete from journey_held_event where seq = ?", seq);
  }

  /** Held entries and held messages of the journey. */
  Map<String, Long> counts(String processKey) {
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    counts.put("entries", count(processKey, "is null"));
    counts.put("messages", count(processKey, "is not null"));
    return counts;
  }

  private long count(String processKey, String instance) {
    Long n =
        jdbc.queryForObject(
            "select count(*) from journey_held_event where process_key = ?"
                + " and process_instance_id "
                + instance,
            Long.class,
            processKey);
    return n == null ? 0 : n;
  }

  void forgetContact(String contactId) {
    jdbc.update("delete from journey_held_event where contact_id = ?", contactId);
  }

  void rekey(String mergedId, String survivorId) {
    jdbc.update(
        "update journey_held_event set contact_id = ? where contact_id = ?", survivorId, mergedId);
  }

  private static String json(Map<String, Object> properties) {
    try {
      return properties == null ? null : JSON.writeValueAsString(properties);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event properties are no JSON", e);
    }
  }

  private static Held row(ResultSet rs, int n) throws SQLException {
    Map<String, Object> properties;
    try {
      String p = rs.getString("properties");
      properties =
          p == null ? Map.of() : JSON.readValue(p, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable properties of a held event", e);
    }
    return new Held(
        rs.getLong("seq"),
        rs.getString("process_key"),
        rs.getString("process_instance_id"),
        new StoredEvent(
            rs.getString("event_id"),
            rs.getString("event_type"),
            rs.getString("contact_id"),
            rs.getTimestamp("occurred_at").toInstant(),
            properties));
  }
}
