package io.journeys.analytics;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
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

  void instanceEnded(String instanceId, Instant at) {
    jdbc.update(
        "update analytics_entry set ended_at = ? where process_instance_id = ?"
            + " and ended_at is null",
        Timestamp.from(at),
        instanceId);
  }

  void entered(
      String visitId, String instanceId, String journey, int version, String node, Instant at) {
    jdbc.update(
        "insert into analytics_visit (activity_instance_id, process_instance_id,"
            + " journey_key, journey_version, node_id, entered_at, arm) values (?, ?, ?, ?, ?, ?,"
            + " (select e.arm from analytics_entry e where e.process_instance_id = ?))",
        visitId,
        instanceId,
        journey,
        version,
        node,
        Timestamp.from(at),
        instanceId);
    rollup.add(
        new DailyRollup.Key(
            DailyRollup.Key.dayOf(at), journey, version, node, "", "", "", ENTERED));
  }

  /**
   * The visit ended: {@code completed} when the node finished its work and the token moved on,
   * otherwise it was cancelled (an interrupting event, the instance cancelled or deleted). A visit
   * that began before analytics recorded, or was already closed, is left alone.
   */
  void left(String visitId, boolean completed, Instant at) {
    record Open(String journey, int version, String node, Instant enteredAt) {}
    List<Open> open =
        jdbc.query(
            "select journey_key, journey_version, node_id, entered_at"
                + " from analytics_visit where activity_instance_id = ? and left_at is null",
            (rs, i) ->
                new Open(
                    rs.getString(1), rs.getInt(2), rs.getString(3), rs.getTimestamp(4).toInstant()),
            visitId);
    if (open.isEmpty()) {
      return;
    }
    Open visit = open.get(0);
    String outcome = completed ? "PASSED" : "DROPPED";
    long durationMs = Math.max(0, Duration.between(visit.enteredAt(), at).toMillis());
    int updated =
        jdbc.update(
            "update analytics_visit set left_at = ?, duration_ms = ?,"
                + " outcome = ? where activity_instance_id = ? and left_at is null",
            Timestamp.from(at),
            durationMs,
            outcome,
            visitId);
    if (updated == 1) {
      rollup.add(
          new DailyRollup.Key(
              DailyRollup.Key.dayOf(visit.enteredAt()),
              visit.journey(),
              visit.version(),
              visit.node(),
              "",
              "",
              "",
              completed ? PASSED : DROPPED));
    }
  }

  /** An incident (a failed job or external task) at {@code node} of an entry of the journey. */
  void incident(String journey, int version, String node, Instant at) {
    rollup.add(
        new DailyRollup.Key(
            DailyRollup.Key.dayOf(at), journey, version, node, "", "", "", "incidents"));
  }

  /**
   * Records the experiment arm of a journey entry, also on its visits so far (the funnel and
   * metrics by arm read it; an entry's arm counts for all its nodes).
   */
  void arm(String instanceId, String arm) {
    jdbc.update(
        "update analytics_entry set arm = ? where process_instance_id = ?", arm, instanceId);
    jdbc.update(
        "update analytics_visit set arm = ? where process_instance_id = ?", arm, instanceId);
  }
}
