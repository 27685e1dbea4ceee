package io.journeys.operations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code journey_not_entered} table: contacts an event did not enter, with the reason. */
@Repository
class NotEntered {

  /** One contact that did not enter. */
  record Entry(String contactId, String eventId, String reason, Instant at) {}

  private final JdbcTemplate jdbc;

  NotEntered(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void record(String processKey, String contactId, String eventId, String reason, Instant now) {
    jdbc.update(
        "insert into journey_not_entered (process_key, contact_id, event_id, reason,"
            + " recorded_at) values (?, ?, ?, ?, ?)",
        processKey,
        contactId,
        eventId,
        reason.length() > 300 ? reason.substring(0, 300) : reason,
        Timestamp.from(now));
  }

  /** How many did not enter, by reason. */
  Map<String, Long> counts(String processKey) {
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.query(
        "select reason, count(*) from journey_not_entered where process_key = ?"
            + " group by reason order by reason",
        rs -> {
          counts.put(rs.getString(1), rs.getLong(2));
        },
        processKey);
    return counts;
  }

  /** The latest ones, newest first. */
  List<Entry> latest(String processKey, int limit) {
    return jdbc.query(
        "select contact_id, event_id, reason, recorded_at from journey_not_entered"
            + " where process_key = ? order by id desc fetch first "
            + limit
            + " rows only",
        (rs, n) ->
            new Entry(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()),
        processKey);
  }

  void forgetContact(String contactId) {
    jdbc.update("delete from journey_not_entered where contact_id = ?", contactId);
  }

  void rekey(String mergedId, String survivorId) {
    jdbc.update(
        "update journey_not_entered set contact_id = ? where contact_id = ?", survivorId, mergedId);
  }
}
