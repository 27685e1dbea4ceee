package io.journeys.operations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code journey_manual_send} table, the {@code mode} of {@code journey_control} and the global
 * mode ({@code journey_operations_setting} {@code mode}).
 */
@Repository
class ManualSends {

  /** A send step turned into a Tasklist task. */
  record Row(
      String jobId,
      String taskId,
      String processKey,
      String processInstanceId,
      String activityId,
      String outcome) {}

  private final JdbcTemplate jdbc;

  ManualSends(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  boolean manual(String processKey) {
    return "MANUAL"
        .equals(
            jdbc.query(
                "select mode from journey_control where process_key = ?",
                rs -> rs.next() ? rs.getString(1) : null,
                processKey));
  }

  void setMode(String processKey, boolean manual) {
    jdbc.update(
        "update journey_control set mode = ? where process_key = ?",
        manual ? "MANUAL" : null,
        processKey);
  }

  /** Whether global manual mode is on. */
  boolean globalManual() {
    return "MANUAL"
        .equals(
            jdbc.query(
                "select setting_value from journey_operations_setting where setting_name = 'mode'",
                rs -> rs.next() ? rs.getString(1) : null));
  }

  /**
   * Locks the global mode until the end of the transaction (so two switches, on any node, go one
   * after the other).
   *
   * @return whether it was on
   */
  boolean lockGlobal(Instant now) {
    if (jdbc.update(
            "update journey_operations_setting set updated_at = updated_at where setting_name = 'mode'")
        == 0) {
      try {
        jdbc.update(
            "insert into journey_operations_setting (setting_name, setting_value, updated_at)"
                + " values ('mode', 'AUTOMATIC', ?)",
            Timestamp.from(now));
      } catch (org.springframework.dao.DuplicateKeyException concurrent) {
        jdbc.update(
            "update journey_operations_setting set updated_at = updated_at where setting_name = 'mode'");
      }
    }
    return globalManual();
  }

  void setGlobal(boolean manual, Instant now) {
    jdbc.update(
        "update journey_operations_setting set setting_value = ?, updated_at = ? where setting_name = 'mode'",
        manual ? "MANUAL" : "AUTOMATIC",
        Timestamp.from(now));
  }

  List<String> manualJourneys() {
    return jdbc.queryForList(
        "select process_key from journey_control where mode = 'MANUAL'", String.class);
  }

  boolean known(String jobId) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "select count(*) > 0 from journey_manual_send where job_id = ?", Boolean.class, jobId));
  }

  void add(Row row, Instant now) {
    jdbc.update(
        "insert into journey_manual_send (job_id, task_id, process_key,"
            + " process_instance_id, activity_id, created_at) values (?, ?, ?, ?, ?, ?)",
        row.jobId(),
        row.taskId(),
        row.processKey(),
        row.processInstanceId(),
        row.activityId(),
        Timestamp.from(now));
  }

  List<Row> open(String processKey) {
    return jdbc.query(
        "select job_id, task_id, process_key, process_instance_id, activity_id,"
            + " outcome from journey_manual_send where process_key = ? and outcome is null",
        ManualSends::row,
        processKey);
  }

  Optional<Row> openByTask(String taskId) {
    return jdbc
        .query(
            "select job_id, task_id, process_key, process_instance_id, activity_id,"
                + " outcome from journey_manual_send where task_id = ? and outcome is null",
            ManualSends::row,
            taskId)
        .stream()
        .findFirst();
  }

  /**
   * @return whether this caller decided it (it was still open)
   */
  boolean decide(String jobId, String outcome, String by, Instant now) {
    return jdbc.update(
            "update journey_manual_send set outcome = ?, decided_by = ?,"
                + " decided_at = ? where job_id = ? and outcome is null",
            outcome,
            by,
            Timestamp.from(now),
            jobId)
        == 1;
  }

  private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Row(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6));
  }
}
