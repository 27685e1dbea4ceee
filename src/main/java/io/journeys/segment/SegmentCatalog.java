package io.journeys.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Table {@code segment}: the saved definitions. {@link #all()} reads them once per transaction
 * (i.e. once per batch of events, like the journeys a message starts), never cached beyond it, so a
 * change saved on any node applies from the next batch on; parsed trees are kept per key and
 * version ({@code updated_at}).
 */
@Repository
class SegmentCatalog {

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final Map<String, Segment> parsed = new ConcurrentHashMap<>();

  SegmentCatalog(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  List<Segment> all() {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return load();
    }
    @SuppressWarnings("unchecked")
    List<Segment> cached = (List<Segment>) TransactionSynchronizationManager.getResource(this);
    if (cached != null) {
      return cached;
    }
    List<Segment> loaded = load();
    TransactionSynchronizationManager.bindResource(this, loaded);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(SegmentCatalog.this);
          }
        });
    return loaded;
  }

  Optional<Segment> find(String key) {
    return load(" where segment_key = ?", key).stream().findFirst();
  }

  void insert(String key, String name, JsonNode definition, Instant at) {
    jdbc.update(
        "insert into segment (segment_key, name, definition, created_at, updated_at) values (?, ?, ?, ?, ?)",
        key,
        name,
        text(definition),
        Timestamp.from(at),
        Timestamp.from(at));
  }

  boolean update(String key, String name, JsonNode definition, Instant at) {
    return jdbc.update(
            "update segment set name = ?, definition = ?, updated_at = ? where segment_key = ?",
            name,
            text(definition),
            Timestamp.from(at),
            key)
        == 1;
  }

  boolean delete(String key) {
    return jdbc.update("delete from segment where segment_key = ?", key) == 1;
  }

  private List<Segment> load() {
    return load("");
  }

  private List<Segment> load(String where, Object... args) {
    List<Segment> segments = new ArrayList<>();
    jdbc.query(
        "select segment_key, name, definition, updated_at from segment"
            + where
            + " order by segment_key",
        rs -> {
          String key = rs.getString(1);
          String name = rs.getString(2);
          String definition = rs.getString(3);
          if (definition != null) {
            Instant updated = rs.getObject(4, OffsetDateTime.class).toInstant();
            segments.add(
                parsed.computeIfAbsent(
                    key + "|" + updated.toEpochMilli(),
                    k -> parse(key, name, definition, updated)));
          }
        },
        args);
    return segments;
  }

  private Segment parse(String key, String name, String definition, Instant updated) {
    try {
      JsonNode tree = json.readTree(definition);
      Definitions.Parsed p = Definitions.parse(tree);
      if (p.condition() == null) {
        throw new IllegalStateException(
            "segment " + key + " has an invalid definition: " + p.problems());
      }
      return Segment.of(key, name, tree, p.condition(), updated);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("segment " + key + " has an unreadable definition", e);
    }
  }

  private String text(JsonNode definition) {
    try {
      return json.writeValueAsString(definition);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
