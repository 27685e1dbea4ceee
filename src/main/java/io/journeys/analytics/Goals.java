package io.journeys.analytics;

import io.journeys.event.EventTypes;
import io.journeys.event.StoredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
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
    BigDecimal amount = event.amount();
    flows.flushGoal(event.contactId(), event.type()); // entries of this transaction, read below
    if (EventTypes.ORDER_PLACED.equals(event.type())) {
      jdbc.update(
          "insert into analytics_order (event_id, contact_id, occurred_at, amount)"
              + " values (?, ?, ?, ?)",
          event.id(),
          event.contactId(),
          Timestamp.from(event.occurredAt()),
          amount);
    }
    record Entry(String instanceId, String journey, int version, String arm, Instant startedAt) {}
    Timestamp at = Timestamp.from(event.occurredAt());
    // converts the open entries in one statement; "converted_at is null" keeps it at most once
    List<Entry> converted =
        jdbc.query(
            rollup.returning(
                "update analytics_entry set converted_at = ?, conversion_event_id = ?,"
                    + " revenue = ? where contact_id = ? and goal_event = ?"
                    + " and converted_at is null and started_at <= ? and goal_deadline >= ?",
                "process_instance_id, journey_key, journey_version, arm, started_at"),
            (rs, i) ->
                new Entry(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getInt(3),
                    rs.getString(4),
                    rs.getTimestamp(5).toInstant()),
            at,
            event.id(),
            amount,
            event.contactId(),
            event.type(),
            at,
            at);
    for (Entry entry : converted) {
      rollup.add(
          touch(entry.instanceId(), at)
              .map(
                  t ->
                      new DailyRollup.Key(
                          DailyRollup.Key.dayOf(t.createdAt()),
                          entry.journey(),
                          entry.version(),
                          t.node(),
                          t.channel(),
                          t.template(),
                          entry.arm(),
                          "converted"))
              .orElse(
                  new DailyRollup.Key(
                      DailyRollup.Key.dayOf(entry.startedAt()),
                      entry.journey(),
                      entry.version(),
                      "",
                      "",
                      "",
                      entry.arm(),
                      "converted")),
          1,
          amount);
      meters.counter("journeys.conversions", "journey", entry.journey()).increment();
    }
  }

  private record Touch(String node, String channel, String template, Instant createdAt) {}

  private java.util.Optional<Touch> touch(String instanceId, Timestamp before) {
    return jdbc
        .query(
            "select node_id, channel, template, created_at from analytics_message"
                + " where process_instance_id = ? and created_at <= ? and sent_at is not null"
                + " order by created_at desc, message_id desc",
            (rs, i) ->
                new Touch(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getTimestamp(4).toInstant()),
            instanceId,
            before)
        .stream()
        .findFirst();
  }
}
