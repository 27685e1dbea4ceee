package io.journeys.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The contact_score table: each contact's current total, dimension scores and MQL state. */
@Repository
class ContactScores {

  private static final int CHUNK = 1000;
  private static final TypeReference<LinkedHashMap<String, Double>> DIMENSIONS =
      new TypeReference<>() {};

  /** A contact's stored score. */
  record Row(
      String contactId,
      int version,
      int total,
      Map<String, Double> dimensions,
      boolean mql,
      Instant mqlSince,
      Instant updatedAt) {}

  private final NamedParameterJdbcTemplate jdbc;
  private final ObjectMapper json;

  ContactScores(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  Map<String, Row> find(Collection<String> contactIds) {
    Map<String, Row> found = new LinkedHashMap<>();
    List<String> all = List.copyOf(contactIds);
    for (int from = 0; from < all.size(); from += CHUNK) {
      jdbc.query(
          "select * from contact_score where contact_id in (:ids)",
          Map.of("ids", all.subList(from, Math.min(all.size(), from + CHUNK))),
          rs -> {
            OffsetDateTime since = rs.getObject("mql_since", OffsetDateTime.class);
            found.put(
                rs.getString("contact_id"),
                new Row(
                    rs.getString("contact_id"),
                    rs.getInt("table_version"),
                    rs.getInt("total"),
                    read(rs.getString("dimensions")),
                    rs.getBoolean("mql"),
                    since == null ? null : since.toInstant(),
                    rs.getObject("updated_at", OffsetDateTime.class).toInstant()));
          });
    }
    return found;
  }

  /** Writes these rows; {@code existing} names the contacts that have a row already. */
  void save(List<Row> rows, Collection<String> existing) {
    List<Object[]> updates = new ArrayList<>();
    List<Object[]> inserts = new ArrayList<>();
    for (Row r : rows) {
      Object[] values = {
        r.version(),
        r.total(),
        write(r.dimensions()),
        r.mql(),
        r.mqlSince() == null ? null : r.mqlSince().atOffset(ZoneOffset.UTC),
        r.updatedAt().atOffset(ZoneOffset.UTC),
        r.contactId()
      };
      (existing.contains(r.contactId()) ? updates : inserts).add(values);
    }
    if (!updates.isEmpty()) {
      jdbc.getJdbcTemplate()
          .batchUpdate(
              "update contact_score set table_version = ?, total = ?,"
                  + " dimensions = ?, mql = ?, mql_since = ?, updated_at = ? where contact_id = ?",
              updates);
    }
    if (!inserts.isEmpty()) {
      jdbc.getJdbcTemplate()
          .batchUpdate(
              "insert into contact_score (table_version, total, dimensions,"
                  + " mql, mql_since, updated_at, contact_id) values (?, ?, ?, ?, ?, ?, ?)",
              inserts);
    }
  }

  void erase(String contactId) {
    jdbc.update("delete from contact_score where contact_id = :id", Map.of("id", contactId));
  }

  private String write(Map<String, Double> dimensions) {
    try {
      return json.writeValueAsString(dimensions);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, Double> read(String text) {
    try {
      return json.readValue(text, DIMENSIONS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("contact_score.dimensions is not a JSON object", e);
    }
  }
}
