package io.journeys.analytics;

import io.journeys.event.EventTypes;
import io.journeys.event.StoredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Conversions and orders, from stored events, in the event's own transaction. An event of a
 * journey's goal type converts every entry of that contact into that journey that began at or
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
    boolean order = EventTypes.ORDER_PLACED.equals(event.type());
    List<Converted> converted =
        rollup.postgres() ? inOneStatement(event, order) : apart(event, order);
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
          event.amount());
      meters.counter("journeys.conversions", "journey", entry.journey()).increment();
    }
  }

  /** An entry converted by the event, with the last message it sent before (or null). */
  private record Converted(
      String instanceId, String journey, int version, String arm, Instant startedAt, Touch touch) {}

  private static final String CONVERT =
      "update analytics_entry set converted_at = ?, conversion_event_id = ?,"
          + " revenue = ? where contact_id = ? and goal_event = ?"
          + " and converted_at is null and started_at <= ? and goal_deadline >= ?";
  private static final String CONVERTED =
      "process_instance_id, journey_key, journey_version, arm, started_at";
  private static final String ORDER =
      "insert into analytics_order (event_id, contact_id, occurred_at, amount)";
  private static final String TOUCH =
      "select node_id, channel, template, created_at from analytics_message m"
          + " where m.process_instance_id = %s and m.created_at <= ? and m.sent_at is not null"
          + " order by m.created_at desc, m.message_id desc";

  /**
   * PostgreSQL: the order kept, the open entries converted ("converted_at is null" keeps each at
   * most once) and their last touches read in one statement (data-modifying common table
   * expressions), one round trip per event.
   */
  private List<Converted> inOneStatement(StoredEvent event, boolean order) {
    Timestamp at = Timestamp.from(event.occurredAt());
    return jdbc.query(
        "with kept as ("
            + ORDER
            + " select ?, ?, ?, ? where ?),"
            + " c as ("
            + CONVERT
            + " returning "
            + CONVERTED
            + ") select c.process_instance_id, c.journey_key, c.journey_version, c.arm,"
            + " c.started_at, t.node_id, t.channel, t.template, t.created_at from c"
            + " left join lateral ("
            + TOUCH.formatted("c.process_instance_id")
            + " limit 1) t on true",
        (rs, i) ->
            new Converted(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getString(4),
                rs.getTimestamp(5).toInstant(),
                rs.getTimestamp(9) == null
                    ? null
                    : new Touch(
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getTimestamp(9).toInstant())),
        event.id(),
        event.contactId(),
        at,
        event.amount(),
        order,
        at,
        event.id(),
        event.amount(),
        event.contactId(),
        event.type(),
        at,
        at,
        at);
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
                    touch(c.instanceId(), at)))
        .toList();
  }

  private record Touch(String node, String channel, String template, Instant createdAt) {}

  private Touch touch(String instanceId, Timestamp before) {
    return jdbc
        .query(
            TOUCH.formatted("?"),
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
