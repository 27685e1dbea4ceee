package io.journeys.operations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code journey_trial}, {@code journey_trial_contact} and {@code journey_trial_timer} tables.
 */
@Repository
class Trials {

  /** One trial run. */
  record Trial(
      String id,
      String processKey,
      int version,
      String sends,
      int timerFactor,
      String segment,
      String createdBy,
      Instant createdAt) {}

  /** One contact of a trial: its instance, or why it did not start. */
  record TrialContact(String contactId, String processInstanceId, String notStarted) {}

  /** A running trial instance whose timers are shortened by the factor. */
  record Accelerated(String trialId, String processInstanceId, int timerFactor) {}

  private final JdbcTemplate jdbc;

  Trials(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void add(Trial t) {
    jdbc.update(
        "insert into journey_trial (id, process_key, version, sends, timer_factor, segment,"
            + " created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        t.id(),
        t.processKey(),
        t.version(),
        t.sends(),
        t.timerFactor(),
        t.segment(),
        t.createdBy(),
        Timestamp.from(t.createdAt()));
  }

  void addContact(String trialId, TrialContact c) {
    jdbc.update(
        "insert into journey_trial_contact (trial_id, contact_id, process_instance_id,"
            + " not_started) values (?, ?, ?, ?)",
        trialId,
        c.contactId(),
        c.processInstanceId(),
        c.notStarted());
  }

  Optional<Trial> find(String processKey, String id) {
    return jdbc
        .query(
            "select id, process_key, version, sends, timer_factor, segment, created_by,"
                + " created_at from journey_trial where id = ? and process_key = ?",
            (rs, n) ->
                new Trial(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getInt(3),
                    rs.getString(4),
                    rs.getInt(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getTimestamp(8).toInstant()),
            id,
            processKey)
        .stream()
        .findFirst();
  }

  List<TrialContact> contacts(String trialId) {
    return jdbc.query(
        "select contact_id, process_instance_id, not_started from journey_trial_contact"
            + " where trial_id = ? order by contact_id",
        (rs, n) -> new TrialContact(rs.getString(1), rs.getString(2), rs.getString(3)),
        trialId);
  }

  /** Instances of trials with accelerated timers started since {@code since}. */
  List<Accelerated> accelerated(Instant since) {
    return jdbc.query(
        "select t.id, c.process_instance_id, t.timer_factor from journey_trial t"
            + " join journey_trial_contact c on c.trial_id = t.id"
            + " where t.timer_factor > 1 and t.created_at >= ? and c.process_instance_id is not null",
        (rs, n) -> new Accelerated(rs.getString(1), rs.getString(2), rs.getInt(3)),
        Timestamp.from(since));
  }

  /**
   * Marks the timer job as shortened.
   *
   * @return false when it was before
   */
  boolean markShortened(String jobId, String trialId) {
    return jdbc.update(
            "insert into journey_trial_timer (job_id, trial_id) select ?, ? where not exists"
                + " (select 1 from journey_trial_timer where job_id = ?)",
            jobId,
            trialId,
            jobId)
        == 1;
  }

  void forgetContact(String contactId) {
    jdbc.update("delete from journey_trial_contact where contact_id = ?", contactId);
  }
}
