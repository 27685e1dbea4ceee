package io.journeys.analytics;

import io.journeys.event.EventTypes;
import io.journeys.event.StoredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Conversions and orders, from stored events, in the event's own transaction (on PostgreSQL all
 * events of a transaction in one statement just before it commits; on H2 each at once). An event of
 * a journey's goal type converts every entry of that contact into that journey that began at or
 * before the event and whose goal window had not closed, each entry at most once (the first such
 * event); revenue is the event's {@code amount} (0 without one). The conversion counts in the
 * rollups (metric {@code converted}, with the revenue) under the last message the entry created
 * before the event (its node, channel, template and creation day), or under the entry itself (its
 * start day) when it sent none. Every {@code order.placed} is also kept for attribution.
 */
@Component
class Goals {

  private final JdbcTemplate jdbc;
  private final DailyRollup rollup;
  private final MeterRegistry meters;
  private final Recording recording;
  private final FlowStore flows;

  Goals(
      JdbcTemplate jdbc,
      DailyRollup rollup,
      MeterRegistry meters,
      Recording recording,
      FlowStore flows) {
    this.jdbc = jdbc;
    this.flows = flows;
    this.rollup = rollup;
    this.meters = meters;
    this.recording = recording;
  }

  @EventListener
  void on(StoredEvent event) {
    if (!recording.on()) {
      return;
    }
    flows.flushGoal(event.contactId(), event.type()); // entries of this transaction, read below
    if (!rollup.postgres()) {
      count(apart(event, EventTypes.ORDER_PLACED.equals(event.type())));
    } else {
      Pending pending = pending();
      if (pending != null) {
        pending.events.add(event);
      } else {
        count(together(List.of(event)));
      }
    }
  }

  /** Counts the conversions in the rollups and the meter. */
  private void count(List<Converted> converted) {
    for (Converted entry : converted) {
      Touch t = entry.touch();
      rollup.add(
          t != null
              ? new DailyRollup.Key(
                  DailyRollup.Key.dayOf(t.createdAt()),
                  entry.journey(),
                  entry.version(),
                  t.node(),
                  t.channel(),
                  t.template(),
                  entry.arm(),
                  "converted")
              : new DailyRollup.Key(
                  DailyRollup.Key.dayOf(entry.startedAt()),
                  entry.journey(),
                  entry.version(),
                  "",
                  "",
                  "",
                  entry.arm(),
                  "converted"),
          1,
          entry.revenue());
      meters.counter("journeys.conversions", "journey", entry.journey()).increment();
    }
  }

  /** An entry converted by an event, its revenue, the last message it sent before (or null). */
  private record Converted(
      String instanceId,
      String journey,
      int version,
      String arm,
      Instant startedAt,
      BigDecimal revenue,
      Touch touch) {}

  private static final String CONVERT =
      "update analytics_entry set converted_at = ?, conversion_event_id = ?,"
          + " revenue = ? where contact_id = ? and goal_event = ?"
          + " and converted_at is null and started_at <= ? and goal_deadline >= ?";
  private static final String CONVERTED =
      "process_instance_id, journey_key, journey_version, arm, started_at, revenue";
  private static final String ORDER =
      "insert into analytics_order (event_id, contact_id, occurred_at, amount)";
  private static final String TOUCH =
      "select node_id, channel, template, created_at from analytics_message m"
          + " where m.process_instance_id = %s and m.created_at <= %s and m.sent_at is not null"
          + " order by m.created_at desc, m.message_id desc";

  /**
   * This transaction's events not recorded yet, registered on first use; null outside a transaction
   * or once they are written (then an event is recorded at once).
   */
  private Pending pending() {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return null;
    }
    for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
      if (s instanceof Pending p && p.owner == this) {
        return p.done ? null : p;
      }
    }
    Pending p = new Pending(this);
    rollup.open(); // its rollups must be there when this writes
    TransactionSynchronizationManager.registerSynchronization(p);
    return p;
  }

  /**
   * A transaction's goal events (PostgreSQL), recorded in one statement just before it commits,
   * ahead of the flow store and the rollups (it adds to the rollups).
   */
  private static final class Pending implements TransactionSynchronization {
    private final Goals owner;
    private final List<StoredEvent> events = new ArrayList<>();
    private boolean done;

    Pending(Goals owner) {
      this.owner = owner;
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE - 2;
    }

    @Override
    public void beforeCommit(boolean readOnly) {
      done = true;
      owner.count(owner.together(events));
    }
  }

  /**
   * PostgreSQL: the orders among {@code events} kept, the open entries converted and their last
   * touches read in one statement (data-modifying common table expressions). Each entry converts
   * once, by the first of the events that converts it (by time, then by order of publication);
   * "converted_at is null" keeps it at most once across transactions.
   */
  private List<Converted> together(List<StoredEvent> events) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      StoredEvent e = events.get(i);
      rows.add(
          new Object[] {
            e.id(),
            e.contactId(),
            e.type(),
            e.occurredAt().toString(),
            e.amount(),
            EventTypes.ORDER_PLACED.equals(e.type()),
            i
          });
    }
    return rollup.query(
        "with ev as (select * from unnest(cast(? as varchar[]), cast(? as varchar[]),"
            + " cast(? as varchar[]), cast(? as timestamptz[]), cast(? as numeric[]),"
            + " cast(? as boolean[]), cast(? as integer[])) x(id, contact, type, at, amount,"
            + " is_order, seq)),"
            + " kept as ("
            + ORDER
            + " select id, contact, at, amount from ev where is_order),"
            + " pick as (select distinct on (e.process_instance_id) e.process_instance_id"
            + " as pid, ev.id, ev.at, ev.amount from ev join analytics_entry e"
            + " on e.contact_id = ev.contact and e.goal_event = ev.type"
            + " and e.converted_at is null and e.started_at <= ev.at and e.goal_deadline >= ev.at"
            + " order by e.process_instance_id, ev.at, ev.seq),"
            + " c as (update analytics_entry e set converted_at = pick.at,"
            + " conversion_event_id = pick.id, revenue = pick.amount from pick"
            + " where e.process_instance_id = pick.pid and e.converted_at is null returning"
            + " e.process_instance_id, e.journey_key, e.journey_version, e.arm, e.started_at,"
            + " e.revenue, e.converted_at)"
            + " select c.process_instance_id, c.journey_key, c.journey_version, c.arm,"
            + " c.started_at, c.revenue, t.node_id, t.channel, t.template, t.created_at from c"
            + " left join lateral ("
            + TOUCH.formatted("c.process_instance_id", "c.converted_at")
            + " limit 1) t on true",
        List.of(
            DailyRollup.Companion.column("varchar", rows, 0),
            DailyRollup.Companion.column("varchar", rows, 1),
            DailyRollup.Companion.column("varchar", rows, 2),
            DailyRollup.Companion.column("text", rows, 3),
            DailyRollup.Companion.column("numeric", rows, 4),
            DailyRollup.Companion.column("bool", rows, 5),
            DailyRollup.Companion.column("int4", rows, 6)),
        (rs, i) ->
            new Converted(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getString(4),
                rs.getTimestamp(5).toInstant(),
                rs.getBigDecimal(6),
                rs.getTimestamp(10) == null
                    ? null
                    : new Touch(
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getTimestamp(10).toInstant())));
  }

  /** H2: the same in three statements. */
  private List<Converted> apart(StoredEvent event, boolean order) {
    Timestamp at = Timestamp.from(event.occurredAt());
    if (order) {
      jdbc.update(
          ORDER + " values (?, ?, ?, ?)", event.id(), event.contactId(), at, event.amount());
    }
    return jdbc
        .query(
            rollup.returning(CONVERT, CONVERTED),
            (rs, i) ->
                new Converted(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getInt(3),
                    rs.getString(4),
                    rs.getTimestamp(5).toInstant(),
                    rs.getBigDecimal(6),
                    null),
            at,
            event.id(),
            event.amount(),
            event.contactId(),
            event.type(),
            at,
            at)
        .stream()
        .map(
            c ->
                new Converted(
                    c.instanceId(),
                    c.journey(),
                    c.version(),
                    c.arm(),
                    c.startedAt(),
                    c.revenue(),
                    touch(c.instanceId(), at)))
        .toList();
  }

  private record Touch(String node, String channel, String template, Instant createdAt) {}

  private Touch touch(String instanceId, Timestamp before) {
    return jdbc
        .query(
            TOUCH.formatted("?", "?"),
            (rs, i) ->
                new Touch(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getTimestamp(4).toInstant()),
            instanceId,
            before)
        .stream()
        .findFirst()
        .orElse(null);
  }
}
