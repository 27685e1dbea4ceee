package io.journeys.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** {@link EventHistory} on the event table. */
@Repository
class JdbcEventHistory implements EventHistory {

  private static final TypeReference<Map<String, Object>> PROPERTIES = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  JdbcEventHistory(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @Override
  public int count(String contactId, String type, Instant since) {
    Integer count = jdbc.queryForObject(
        "select count(*) from event where contact_id = ? and type = ? and occurred_at >= ?",
        Integer.class, contactId, type, since.atOffset(ZoneOffset.UTC));
    return count == null ? 0 : count;
  }

  @Override
  public List<StoredEvent> since(String contactId, String type, Instant since, int limit) {
    return jdbc.query(
        "select id, type, contact_id, occurred_at, properties from event"
            + " where contact_id = ? and type = ? and occurred_at >= ?"
            + " order by occurred_at desc limit ?",
        (rs, row) -> new StoredEvent(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getObject(4, Timestamp.class).toInstant(), properties(rs.getString(5))),
        contactId, type, since.atOffset(ZoneOffset.UTC), limit);
  }

  private Map<String, Object> properties(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      return json.readValue(text, PROPERTIES);
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
