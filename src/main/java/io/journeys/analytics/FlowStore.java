package io.journeys.analytics;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Journey entries and flow-node visits ({@code analytics_entry}, {@code analytics_visit}) with
 * their day rollups (metrics {@code entries}, {@code entered}, {@code passed}, {@code dropped} on
 * the entry day of the visit). Called by {@link AnalyticsEnginePlugin} inside the engine's
 * transaction; knows nothing of the engine.
 */
@Repository
class FlowStore {

  static final String ENTRIES = "entries";
  static final String ENTERED = "entered";
  static final String PASSED = "passed";
  static final String DROPPED = "dropped";

  /** A journey's conversion goal: the event type and how long after entry it counts. */
  record Goal(String event, Duration window) {}

  private final JdbcTemplate jdbc;
  private final DailyRollup rollup;

  FlowStore(JdbcTemplate jdbc, DailyRollup rollup) {
    this.jdbc = jdbc;
    this.rollup = rollup;
  }

  void instanceStarted(
      String instanceId, String journey, int version, String contactId, Instant at, Goal goal) {
    instanceStarted(instanceId, journey, version, contactId, at, goal, null);
  }

  /** A journey entry; {@code holdout}: its control group (global, journey) or null. */
  void instanceStarted(
      String instanceId,
      String journey,
      int version,
      String contactId,
      Instant at,
      Goal goal,
      String holdout) {
    jdbc.update(
        "insert into analytics_entry (process_instance_id, journey_key, journey_version,"
            + " contact_id, started_at, goal_event, goal_deadline, holdout)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)",
        instanceId,
        journey,
        version,
        contactId,
        Timestamp.from(at),
        goal == null ? null : goal.event(),
        goal == null ? null : Timestamp.from(at.plus(goal.window())),
        holdout);
    rollup.add(
        new DailyRollup.Key(DailyRollup.Key.dayOf(at), journey, version, "", "", "", "", ENTRIES));
  }

  /**
   * A trial run's entry (operations' trial mode): marked, so that nothing else of it is recorded
   * (no visits, messages, goal, holdout or experiment arm) and no figure counts it.
   */
  void trialStarted(String instanceId, String journey, int version, String contactId, Instant at) {
    jdbc.update(
        "insert into analytics_entry (process_instance_id, journey_key, journey_version,"
            + " contact_id, started_at, trial) values (?, ?, ?, ?, ?, true)",
        instanceId,
        journey,
        version,
        contactId,
        Timestamp.from(at));
  }

  void instanceEnded(String instanceId, Instant at) {
    jdbc.update(
        "update analytics_entry set ended_at = ? where process_instance_id = ?"
            + " and ended_at is null",
        Timestamp.from(at),
        instanceId);
  }

  /**
   * A visit of a node begins, with the arm of its entry; not recorded for an instance without an
   * entry (begun before analytics recorded) or of a trial run. One statement.
   */
  void entered(
      String visitId, String instanceId, String journey, int version, String node, Instant at) {
    List<String> arm =
        jdbc.query(
            rollup.returning(
                "insert into analytics_visit (activity_instance_id, process_instance_id,"
                    + " journey_key, journey_version, node_id, entered_at, arm)"
                    + " select ?, ?, ?, ?, ?, ?, e.arm from analytics_entry e"
                    + " where e.process_instance_id = ? and e.trial = false",
                "arm"),
            (rs, i) -> rs.getString(1),
            visitId,
            instanceId,
            journey,
            version,
            node,
            Timestamp.from(at),
            instanceId);
    if (!arm.isEmpty()) {
      rollup.add(
          new DailyRollup.Key(
              DailyRollup.Key.dayOf(at), journey, version, node, "", "", arm.get(0), ENTERED));
    }
  }

  /**
   * The visit ended: {@code completed} when the node finished its work and the token moved on,
   * otherwise it was cancelled (an interrupting event, the instance cancelled or deleted). A visit
   * that was not recorded, or was already closed, is left alone. One statement; counts the outcome
   * and the duration's histogram bucket on the visit's day and arm.
   */
  void left(String visitId, boolean completed, Instant at) {
    record Closed(
        String journey, int version, String node, Instant enteredAt, long ms, String arm) {}
    Timestamp left = Timestamp.from(at);
    List<Closed> closed =
        jdbc.query(
            rollup.returning(
                "update analytics_visit set left_at = ?, outcome = ?, duration_ms ="
                    + " greatest(0, cast(floor(extract(epoch from (cast(? as timestamp with time"
                    + " zone) - entered_at)) * 1000) as bigint))"
                    + " where activity_instance_id = ? and left_at is null",
                "journey_key, journey_version, node_id, entered_at, duration_ms, arm"),
            (rs, i) ->
                new Closed(
                    rs.getString(1),
                    rs.getInt(2),
                    rs.getString(3),
                    rs.getTimestamp(4).toInstant(),
                    rs.getLong(5),
                    rs.getString(6)),
            left,
            completed ? "PASSED" : "DROPPED",
            left,
            visitId);
    for (Closed visit : closed) {
      LocalDate day = DailyRollup.Key.dayOf(visit.enteredAt());
      rollup.add(
          new DailyRollup.Key(
              day,
              visit.journey(),
              visit.version(),
              visit.node(),
              "",
              "",
              visit.arm(),
              completed ? PASSED : DROPPED));
      rollup.add(
          new DailyRollup.Key(
              day,
              visit.journey(),
              visit.version(),
              visit.node(),
              "",
              "",
              visit.arm(),
              Durations.metric(visit.ms())),
          1,
          BigDecimal.valueOf(visit.ms()));
    }
  }

  /** An incident (a failed job or external task) at {@code node} of an entry of the journey. */
  void incident(String journey, int version, String node, Instant at) {
    rollup.add(
        new DailyRollup.Key(
            DailyRollup.Key.dayOf(at), journey, version, node, "", "", "", "incidents"));
  }

  /**
   * Records the experiment arm of a journey entry, also on its visits so far, and moves their
   * counters (entered, outcome, duration) to the arm in the rollups: the funnel and metrics by arm
   * read them, and an entry's arm counts for all its nodes. A trial entry gets no arm.
   */
  void arm(String instanceId, String arm) {
    if (jdbc.update(
            "update analytics_entry set arm = ? where process_instance_id = ? and trial = false",
            arm,
            instanceId)
        == 0) {
      return;
    }
    jdbc.query(
        "select journey_key, journey_version, node_id, entered_at, outcome, duration_ms, arm"
            + " from analytics_visit where process_instance_id = ?",
        rs -> {
          String before = rs.getString(7);
          if (arm.equals(before)) {
            return;
          }
          LocalDate day = DailyRollup.Key.dayOf(rs.getTimestamp(4).toInstant());
          String journey = rs.getString(1);
          int version = rs.getInt(2);
          String node = rs.getString(3);
          String outcome = rs.getString(5);
          long ms = rs.getLong(6);
          List<String> metrics = new ArrayList<>(List.of(ENTERED));
          if (outcome != null) {
            metrics.add("PASSED".equals(outcome) ? PASSED : DROPPED);
            metrics.add(Durations.metric(ms));
          }
          for (String metric : metrics) {
            BigDecimal amount =
                metric.equals(ENTERED) || metric.equals(PASSED) || metric.equals(DROPPED)
                    ? BigDecimal.ZERO
                    : BigDecimal.valueOf(ms);
            rollup.add(
                new DailyRollup.Key(day, journey, version, node, "", "", before, metric),
                -1,
                amount.negate());
            rollup.add(
                new DailyRollup.Key(day, journey, version, node, "", "", arm, metric), 1, amount);
          }
        },
        instanceId);
    jdbc.update(
        "update analytics_visit set arm = ? where process_instance_id = ?", arm, instanceId);
  }
}
