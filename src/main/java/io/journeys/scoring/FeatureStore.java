package io.journeys.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.config.EngineClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The contact_features table: the features the tag rules last saw per contact, and the population's
 * mean order value (mean of the customers' average order values, cached 10 minutes) that {@code
 * high-value-potential} compares with.
 */
@Repository
class FeatureStore {

  private static final Duration MEAN_TTL = Duration.ofMinutes(10);
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private final NamedParameterJdbcTemplate jdbc;
  private final ObjectMapper json;
  private final Clock clock = EngineClock.UTC;
  private volatile double meanAov = -1;
  private volatile Instant meanAt = Instant.EPOCH;

  FeatureStore(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  double meanAov() {
    Instant now = clock.instant();
    if (meanAov < 0 || now.isAfter(meanAt.plus(MEAN_TTL))) {
      Double mean =
          jdbc.getJdbcTemplate()
              .queryForObject(
                  "select avg(aov) from contact_features where aov is not null", Double.class);
      meanAov = mean == null ? 0 : mean;
      meanAt = now;
    }
    return meanAov;
  }

  Optional<Map<String, Object>> find(String contactId) {
    return jdbc
        .queryForList(
            "select features from contact_features where contact_id = :id",
            Map.of("id", contactId),
            String.class)
        .stream()
        .findFirst()
        .map(this::read);
  }

  void save(Map<String, Map<String, Object>> features, Instant now) {
    if (features.isEmpty()) {
      return;
    }
    List<String> ids = List.copyOf(features.keySet());
    Map<String, String> existing = new HashMap<>();
    jdbc.query(
        "select contact_id, features from contact_features where contact_id in (:ids)",
        Map.of("ids", ids),
        rs -> {
          existing.put(rs.getString(1), rs.getString(2));
        });
    List<Object[]> updates = new ArrayList<>();
    List<Object[]> inserts = new ArrayList<>();
    features.forEach(
        (id, f) -> {
          String text = write(f);
          if (text.equals(existing.get(id))) {
            return; // unchanged: no write (most refreshes after an event change a count or two)
          }
          Object[] row = {
            text, f.get("aov"), f.get("churnProbability"), now.atOffset(ZoneOffset.UTC), id
          };
          (existing.containsKey(id) ? updates : inserts).add(row);
        });
    if (!updates.isEmpty()) {
      jdbc.getJdbcTemplate()
          .batchUpdate(
              "update contact_features set features = ?, aov = ?,"
                  + " churn_probability = ?, updated_at = ? where contact_id = ?",
              updates);
    }
    if (!inserts.isEmpty()) {
      jdbc.getJdbcTemplate()
          .batchUpdate(
              "insert into contact_features (features, aov, churn_probability,"
                  + " updated_at, contact_id) values (?, ?, ?, ?, ?)",
              inserts);
    }
  }

  void erase(String contactId) {
    jdbc.update("delete from contact_features where contact_id = :id", Map.of("id", contactId));
  }

  private String write(Map<String, Object> f) {
    try {
      return json.writeValueAsString(f);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, Object> read(String text) {
    try {
      return json.readValue(text, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("contact_features.features is not a JSON object", e);
    }
  }
}
