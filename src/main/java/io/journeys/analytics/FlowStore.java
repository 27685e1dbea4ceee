package io.journeys.analytics;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Journey entries and flow-node visits ({@code analytics_entry}, {@code analytics_visit}) with
 * their day rollups (metrics {@code entries}, {@code entered}, {@code passed}, {@code dropped} on
 * the entry day of the visit). Called by {@link AnalyticsEnginePlugin} inside the engine's
 * transaction; knows nothing of the engine.
 *
 * <p>Inside a Spring transaction (the application's engine) the entries begun and the visits
 * entered in it are kept in memory and written just before it commits: a visit entered and left in
 * the same transaction (a start event, a gateway, an end event) is one inserted row. On PostgreSQL
 * the visits of earlier transactions that it ended are kept too and closed in one statement, the
 * entries it knows nothing of are looked up in one, and the rest goes with the day rollups in one
 * statement ({@link DailyRollup#alongside}); on H2 each kind is a JDBC batch and an earlier visit
 * is closed at once. Readers of the entries in the same transaction see the kept ones through
 * {@link #entry} or after {@link #flush}. Outside a transaction (plain engine tests) everything is
 * written at once.
 */
@Repository
class FlowStore {

  static final String ENTRIES = "entries";
  static final String ENTERED = "entered";
  static final String PASSED = "passed";
  static final String DROPPED = "dropped";

  /** A journey's conversion goal: the event type and how long after entry it counts. */
  record Goal(String event, Duration window) {}

  /** What a message or report needs of an entry: journey, version, arm (or null), trial. */
  record Entry(String journey, int version, String arm, boolean trial) {}

  private static final String INSERT_ENTRY =
      "insert into analytics_entry (process_instance_id, journey_key, journey_version,"
          + " contact_id, started_at, goal_event, goal_deadline, holdout, trial, arm, ended_at)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_VISIT =
      "insert into analytics_visit (activity_instance_id, process_instance_id, journey_key,"
          + " journey_version, node_id, entered_at, arm, left_at, outcome, duration_ms)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String END_ENTRY =
      "update analytics_entry set ended_at = ? where process_instance_id = ?"
          + " and ended_at is null";

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
    begin(new NewEntry(instanceId, journey, version, contactId, at, goal, holdout, false));
    rollup.add(
        new DailyRollup.Key(DailyRollup.Key.dayOf(at), journey, version, "", "", "", "", ENTRIES));
  }

  /**
   * A trial run's entry (operations' trial mode): marked, so that nothing else of it is recorded
   * (no visits, messages, goal, holdout or experiment arm) and no figure counts it.
   */
  void trialStarted(String instanceId, String journey, int version, String contactId, Instant at) {
    begin(new NewEntry(instanceId, journey, version, contactId, at, null, null, true));
  }

  private void begin(NewEntry entry) {
    Tx tx = tx();
    if (tx != null) {
      tx.entries.put(entry.instanceId, entry);
    } else {
      jdbc.update(INSERT_ENTRY, entry.row());
    }
  }

  void instanceEnded(String instanceId, Instant at) {
    Tx tx = tx();
    if (tx == null) {
      jdbc.update(END_ENTRY, Timestamp.from(at), instanceId);
      return;
    }
    NewEntry kept = tx.entries.get(instanceId);
    if (kept != null) {
      if (kept.endedAt == null) {
        kept.endedAt = at;
      }
    } else {
      tx.ended.putIfAbsent(instanceId, at);
    }
  }

  /**
   * A visit of a node begins, with the arm of its entry; not recorded for an instance without an
   * entry (begun before analytics recorded) or of a trial run.
   */
  void entered(
      String visitId, String instanceId, String journey, int version, String node, Instant at) {
    Tx tx = tx();
    if (tx != null) {
      tx.visits.put(visitId, new NewVisit(visitId, instanceId, journey, version, node, at));
      return;
    }
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
   * that was not recorded, or was already closed, is left alone. Counts the outcome and the
   * duration's histogram bucket on the visit's day and arm.
   */
  void left(String visitId, boolean completed, Instant at) {
    Tx tx = tx();
    NewVisit kept = tx == null ? null : tx.visits.get(visitId);
    if (kept != null) {
      if (kept.leftAt == null) {
        kept.leftAt = at;
        kept.completed = completed;
      }
      return;
    }
    if (tx != null && rollup.postgres()) {
      // closed with the transaction's other closes in one statement before it commits
      tx.closes.putIfAbsent(visitId, new Close(completed, at));
      return;
    }
    record Closed(
        String instance,
        String journey,
        int version,
        String node,
        Instant enteredAt,
        long ms,
        String arm) {}
    Timestamp left = Timestamp.from(at);
    List<Closed> closed =
        jdbc.query(
            rollup.returning(
                "update analytics_visit set left_at = ?, outcome = ?, duration_ms ="
                    + " greatest(0, cast(floor(extract(epoch from (cast(? as timestamp with time"
                    + " zone) - entered_at)) * 1000) as bigint))"
                    + " where activity_instance_id = ? and left_at is null",
                "process_instance_id, journey_key, journey_version, node_id, entered_at,"
                    + " duration_ms, arm"),
            (rs, i) ->
                new Closed(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getInt(3),
                    rs.getString(4),
                    rs.getTimestamp(5).toInstant(),
                    rs.getLong(6),
                    rs.getString(7)),
            left,
            completed ? "PASSED" : "DROPPED",
            left,
            visitId);
    for (Closed visit : closed) {
      if (tx != null) {
        // a recorded visit: its entry is recorded, with the visit's arm
        tx.known.putIfAbsent(visit.instance(), new Known(true, visit.arm()));
      }
      countLeft(
          visit.journey(),
          visit.version(),
          visit.node(),
          visit.enteredAt(),
          visit.arm(),
          completed,
          visit.ms());
    }
  }

  private void countLeft(
      String journey,
      int version,
      String node,
      Instant enteredAt,
      String arm,
      boolean completed,
      long ms) {
    LocalDate day = DailyRollup.Key.dayOf(enteredAt);
    rollup.add(
        new DailyRollup.Key(
            day, journey, version, node, "", "", arm, completed ? PASSED : DROPPED));
    rollup.add(
        new DailyRollup.Key(day, journey, version, node, "", "", arm, Durations.metric(ms)),
        1,
        BigDecimal.valueOf(ms));
  }

  /** An incident (a failed job or external task) at {@code node} of an entry of the journey. */
  void incident(String journey, int version, String node, Instant at) {
    rollup.add(
        new DailyRollup.Key(
            DailyRollup.Key.dayOf(at), journey, version, node, "", "", "", "incidents"));
  }

  /**
   * The entry of a process instance, as recorded so far in this transaction or before it; empty
   * when there is none.
   */
  Optional<Entry> entry(String instanceId) {
    Tx tx = tx();
    NewEntry kept = tx == null ? null : tx.entries.get(instanceId);
    if (kept != null) {
      return Optional.of(new Entry(kept.journey, kept.version, kept.arm, kept.trial));
    }
    Optional<Entry> found =
        jdbc
            .query(
                "select journey_key, journey_version, arm, trial from analytics_entry"
                    + " where process_instance_id = ?",
                (rs, i) ->
                    new Entry(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBoolean(4)),
                instanceId)
            .stream()
            .findFirst();
    if (tx != null) {
      // what the transaction's visits of this instance need at the commit
      tx.known.putIfAbsent(
          instanceId,
          found.map(e -> new Known(!e.trial(), e.arm())).orElse(new Known(false, null)));
    }
    return found;
  }

  /**
   * Records the experiment arm of a journey entry, also on its visits so far, and moves their
   * counters (entered, outcome, duration) to the arm in the rollups: the funnel and metrics by arm
   * read them, and an entry's arm counts for all its nodes. A trial entry gets no arm.
   */
  void arm(String instanceId, String arm) {
    Tx tx = tx();
    NewEntry kept = tx == null ? null : tx.entries.get(instanceId);
    if (kept != null) {
      // its visits are all still kept too, and take the entry's arm when written
      if (!kept.trial) {
        kept.arm = arm;
      }
      return;
    }
    if (jdbc.update(
            "update analytics_entry set arm = ? where process_instance_id = ? and trial = false",
            arm,
            instanceId)
        == 0) {
      return;
    }
    if (tx != null) {
      tx.known.put(instanceId, new Known(true, arm));
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

  /**
   * Writes what this transaction kept so far (entries, visits, ends), for a reader of the tables in
   * the same transaction; nothing to do outside a transaction or when nothing is kept.
   */
  void flush() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      Tx tx = find();
      if (tx != null) {
        write(tx);
      }
    }
  }

  /**
   * {@link #flush} when this transaction kept an entry of the contact whose goal is {@code event}
   * (one that {@link Goals} reads); otherwise keeps everything for the commit.
   */
  void flushGoal(String contactId, String event) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      Tx tx = find();
      if (tx != null
          && tx.entries.values().stream()
              .anyMatch(
                  e ->
                      e.goal != null
                          && e.goal.event().equals(event)
                          && java.util.Objects.equals(e.contactId, contactId))) {
        write(tx);
      }
    }
  }

  private void write(Tx tx) {
    write(tx, false);
  }

  /**
   * Writes what {@code tx} kept: in JDBC batches, or at its commit on PostgreSQL handed to the
   * rollups' statement ({@link DailyRollup#alongside}), so that the transaction's analytics take
   * one round trip.
   */
  private void write(Tx tx, boolean atCommit) {
    boolean alongside = atCommit && rollup.postgres();
    if (!tx.closes.isEmpty()) {
      closeAll(tx);
    }
    if (!tx.entries.isEmpty()) {
      List<Object[]> rows = tx.entries.values().stream().map(NewEntry::row).toList();
      if (alongside) {
        rollup.alongside(
            new DailyRollup.Companion(
                "insert into analytics_entry (process_instance_id, journey_key, journey_version,"
                    + " contact_id, started_at, goal_event, goal_deadline, holdout, trial, arm,"
                    + " ended_at) select * from unnest(cast(? as varchar[]), cast(? as"
                    + " varchar[]), cast(? as integer[]), cast(? as varchar[]), cast(? as"
                    + " timestamptz[]), cast(? as varchar[]), cast(? as timestamptz[]), cast(? as"
                    + " varchar[]), cast(? as boolean[]), cast(? as varchar[]), cast(? as"
                    + " timestamptz[]))",
                DailyRollup.Companion.column("varchar", rows, 0),
                DailyRollup.Companion.column("varchar", rows, 1),
                DailyRollup.Companion.column("int4", rows, 2),
                DailyRollup.Companion.column("varchar", rows, 3),
                DailyRollup.Companion.column("text", rows, 4, FlowStore::text),
                DailyRollup.Companion.column("varchar", rows, 5),
                DailyRollup.Companion.column("text", rows, 6, FlowStore::text),
                DailyRollup.Companion.column("varchar", rows, 7),
                DailyRollup.Companion.column("bool", rows, 8),
                DailyRollup.Companion.column("varchar", rows, 9),
                DailyRollup.Companion.column("text", rows, 10, FlowStore::text)));
      } else {
        jdbc.batchUpdate(INSERT_ENTRY, rows);
      }
      tx.entries.values().forEach(e -> tx.known.put(e.instanceId, new Known(!e.trial, e.arm)));
      tx.entries.clear();
    }
    if (!tx.visits.isEmpty()) {
      lookUpAll(tx);
      List<Object[]> rows = new ArrayList<>();
      for (NewVisit visit : tx.visits.values()) {
        Known entry = tx.known.computeIfAbsent(visit.instanceId, this::lookUp);
        if (!entry.recorded()) {
          continue;
        }
        long ms =
            visit.leftAt == null
                ? 0
                : Math.max(0, Duration.between(visit.enteredAt, visit.leftAt).toMillis());
        rows.add(
            new Object[] {
              visit.visitId,
              visit.instanceId,
              visit.journey,
              visit.version,
              visit.node,
              Timestamp.from(visit.enteredAt),
              entry.arm(),
              visit.leftAt == null ? null : Timestamp.from(visit.leftAt),
              visit.leftAt == null ? null : visit.completed ? "PASSED" : "DROPPED",
              visit.leftAt == null ? null : ms
            });
        rollup.add(
            new DailyRollup.Key(
                DailyRollup.Key.dayOf(visit.enteredAt),
                visit.journey,
                visit.version,
                visit.node,
                "",
                "",
                entry.arm(),
                ENTERED));
        if (visit.leftAt != null) {
          countLeft(
              visit.journey,
              visit.version,
              visit.node,
              visit.enteredAt,
              entry.arm(),
              visit.completed,
              ms);
        }
      }
      if (rows.isEmpty()) {
        // nothing recorded
      } else if (alongside) {
        rollup.alongside(
            new DailyRollup.Companion(
                "insert into analytics_visit (activity_instance_id, process_instance_id,"
                    + " journey_key, journey_version, node_id, entered_at, arm, left_at, outcome,"
                    + " duration_ms) select * from unnest(cast(? as varchar[]), cast(? as"
                    + " varchar[]), cast(? as varchar[]), cast(? as integer[]), cast(? as"
                    + " varchar[]), cast(? as timestamptz[]), cast(? as varchar[]), cast(? as"
                    + " timestamptz[]), cast(? as varchar[]), cast(? as bigint[]))",
                DailyRollup.Companion.column("varchar", rows, 0),
                DailyRollup.Companion.column("varchar", rows, 1),
                DailyRollup.Companion.column("varchar", rows, 2),
                DailyRollup.Companion.column("int4", rows, 3),
                DailyRollup.Companion.column("varchar", rows, 4),
                DailyRollup.Companion.column("text", rows, 5, FlowStore::text),
                DailyRollup.Companion.column("varchar", rows, 6),
                DailyRollup.Companion.column("text", rows, 7, FlowStore::text),
                DailyRollup.Companion.column("varchar", rows, 8),
                DailyRollup.Companion.column("int8", rows, 9)));
      } else {
        jdbc.batchUpdate(INSERT_VISIT, rows);
      }
      tx.visits.clear();
    }
    if (!tx.ended.isEmpty()) {
      List<Object[]> rows =
          tx.ended.entrySet().stream()
              .map(e -> new Object[] {Timestamp.from(e.getValue()), e.getKey()})
              .toList();
      if (alongside) {
        rollup.alongside(
            new DailyRollup.Companion(
                "update analytics_entry e set ended_at = x.at from unnest(cast(? as"
                    + " timestamptz[]), cast(? as varchar[])) x(at, id)"
                    + " where e.process_instance_id = x.id and e.ended_at is null",
                DailyRollup.Companion.column("text", rows, 0, FlowStore::text),
                DailyRollup.Companion.column("varchar", rows, 1)));
      } else {
        jdbc.batchUpdate(END_ENTRY, rows);
      }
      tx.ended.clear();
    }
  }

  /** A timestamp as PostgreSQL reads it into {@code timestamptz} (ISO-8601, UTC). */
  private static Object text(Object timestamp) {
    return ((Timestamp) timestamp).toInstant().toString();
  }

  /**
   * Closes the visits of earlier transactions that this one ended (PostgreSQL), in one statement;
   * counts each one's outcome and duration, and learns its entry's arm.
   */
  private void closeAll(Tx tx) {
    List<Object[]> rows =
        tx.closes.entrySet().stream()
            .map(
                e ->
                    new Object[] {
                      e.getKey(),
                      e.getValue().at().toString(),
                      e.getValue().completed() ? "PASSED" : "DROPPED"
                    })
            .toList();
    tx.closes.clear();
    rollup.query(
        "update analytics_visit v set left_at = x.at, outcome = x.outcome, duration_ms ="
            + " greatest(0, cast(floor(extract(epoch from (x.at - v.entered_at)) * 1000) as"
            + " bigint)) from unnest(cast(? as varchar[]), cast(? as timestamptz[]), cast(? as"
            + " varchar[])) x(id, at, outcome) where v.activity_instance_id = x.id and v.left_at"
            + " is null returning v.process_instance_id, v.journey_key, v.journey_version,"
            + " v.node_id, v.entered_at, v.duration_ms, v.arm, v.outcome",
        List.of(
            DailyRollup.Companion.column("varchar", rows, 0),
            DailyRollup.Companion.column("text", rows, 1),
            DailyRollup.Companion.column("varchar", rows, 2)),
        (rs, i) -> {
          tx.known.putIfAbsent(rs.getString(1), new Known(true, rs.getString(7)));
          countLeft(
              rs.getString(2),
              rs.getInt(3),
              rs.getString(4),
              rs.getTimestamp(5).toInstant(),
              rs.getString(7),
              "PASSED".equals(rs.getString(8)),
              rs.getLong(6));
          return null;
        });
  }

  /**
   * Learns whether the instances of the kept visits that this transaction knows nothing of have a
   * recorded entry, and its arm: on PostgreSQL in one query.
   */
  private void lookUpAll(Tx tx) {
    List<String> unknown =
        tx.visits.values().stream()
            .map(v -> v.instanceId)
            .filter(id -> !tx.known.containsKey(id))
            .distinct()
            .toList();
    if (unknown.isEmpty()) {
      return;
    }
    if (rollup.postgres()) {
      unknown.forEach(id -> tx.known.put(id, new Known(false, null)));
      rollup.query(
          "select process_instance_id, arm, trial from analytics_entry"
              + " where process_instance_id = any(cast(? as varchar[]))",
          List.of(new DailyRollup.Companion.Column("varchar", unknown.toArray())),
          (rs, i) -> tx.known.put(rs.getString(1), new Known(!rs.getBoolean(3), rs.getString(2))));
    } else {
      unknown.forEach(id -> tx.known.put(id, lookUp(id)));
    }
  }

  /** Whether an instance begun in an earlier transaction has a recorded entry, with its arm. */
  private Known lookUp(String instanceId) {
    return jdbc
        .query(
            "select arm, trial from analytics_entry where process_instance_id = ?",
            (rs, i) -> new Known(!rs.getBoolean(2), rs.getString(1)),
            instanceId)
        .stream()
        .findFirst()
        .orElse(new Known(false, null));
  }

  /**
   * This transaction's keeper, registered on first use (with the rollups' buffer, which must be
   * there when it writes), or null outside a transaction or once it has written.
   */
  private Tx tx() {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return null;
    }
    Tx tx = find();
    if (tx == null) {
      tx = new Tx(this);
      rollup.open();
      TransactionSynchronizationManager.registerSynchronization(tx);
    }
    return tx.done ? null : tx;
  }

  private Tx find() {
    for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
      if (s instanceof Tx tx && tx.owner == this) {
        return tx;
      }
    }
    return null;
  }

  /** A visit of an earlier transaction that this one ended. */
  private record Close(boolean completed, Instant at) {}

  /** Whether an entry is recorded (not missing, not a trial), and its arm. */
  private record Known(boolean recorded, String arm) {}

  private static final class NewEntry {
    final String instanceId;
    final String journey;
    final int version;
    final String contactId;
    final Instant startedAt;
    final Goal goal;
    final String holdout;
    final boolean trial;
    String arm;
    Instant endedAt;

    NewEntry(
        String instanceId,
        String journey,
        int version,
        String contactId,
        Instant startedAt,
        Goal goal,
        String holdout,
        boolean trial) {
      this.instanceId = instanceId;
      this.journey = journey;
      this.version = version;
      this.contactId = contactId;
      this.startedAt = startedAt;
      this.goal = goal;
      this.holdout = holdout;
      this.trial = trial;
    }

    Object[] row() {
      return new Object[] {
        instanceId,
        journey,
        version,
        contactId,
        Timestamp.from(startedAt),
        goal == null ? null : goal.event(),
        goal == null ? null : Timestamp.from(startedAt.plus(goal.window())),
        holdout,
        trial,
        arm,
        endedAt == null ? null : Timestamp.from(endedAt)
      };
    }
  }

  private static final class NewVisit {
    final String visitId;
    final String instanceId;
    final String journey;
    final int version;
    final String node;
    final Instant enteredAt;
    Instant leftAt;
    boolean completed;

    NewVisit(
        String visitId,
        String instanceId,
        String journey,
        int version,
        String node,
        Instant enteredAt) {
      this.visitId = visitId;
      this.instanceId = instanceId;
      this.journey = journey;
      this.version = version;
      this.node = node;
      this.enteredAt = enteredAt;
    }
  }

  /**
   * What one transaction kept: written before the rollups' buffer writes (it adds to them), so
   * ordered ahead of it.
   */
  private static final class Tx implements TransactionSynchronization {
    private final FlowStore owner;
    private final Map<String, NewEntry> entries = new LinkedHashMap<>();
    private final Map<String, NewVisit> visits = new LinkedHashMap<>();
    private final Map<String, Instant> ended = new LinkedHashMap<>();
    private final Map<String, Close> closes = new LinkedHashMap<>();
    private final Map<String, Known> known = new HashMap<>();
    private boolean done;

    Tx(FlowStore owner) {
      this.owner = owner;
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE - 1;
    }

    @Override
    public void beforeCommit(boolean readOnly) {
      owner.write(this, true);
      done = true;
    }
  }
}
