package io.journeys.analytics;

import io.journeys.channel.MessageStatusChanged;
import io.journeys.event.EventTypes;
import io.journeys.event.StoredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The message lifecycle in {@code analytics_message} and its day rollups, kept from channel's
 * {@link MessageStatusChanged} (queued, sent, failed, blocked by a send rule, cancelled) and from
 * the stored events about a message (delivered, bounced, opened, clicked, unsubscribed, complained;
 * each carries {@code messageId}). Runs in the transaction that writes what it records. Each
 * lifecycle step counts once per message (the first time), except failed delivery attempts, which
 * count each time; rollups are on the message's creation day.
 */
@Component
class MessageLifecycle {

  /** Lifecycle columns set once, by the event type that sets them, and their metric. */
  private static final Map<String, String[]> BY_EVENT =
      Map.of(
          EventTypes.MESSAGE_DELIVERED, new String[] {"delivered_at", "delivered"},
          EventTypes.MESSAGE_BOUNCED, new String[] {"bounced_at", "bounced"},
          EventTypes.EMAIL_OPENED, new String[] {"opened_at", "opened"},
          EventTypes.EMAIL_CLICKED, new String[] {"clicked_at", "clicked"},
          EventTypes.MESSAGE_UNSUBSCRIBED, new String[] {"unsubscribed_at", "unsubscribed"},
          EventTypes.MESSAGE_COMPLAINED, new String[] {"complained_at", "complained"});

  private record Message(
      String journey,
      int version,
      String node,
      String channel,
      String template,
      String arm,
      Instant createdAt) {
    DailyRollup.Key key(String metric) {
      return new DailyRollup.Key(
          DailyRollup.Key.dayOf(createdAt), journey, version, node, channel, template, arm, metric);
    }
  }

  /** A message's key columns, as {@link #MESSAGE} reads them. */
  private static final String MESSAGE_COLUMNS =
      "journey_key, journey_version, node_id, channel, template, arm, created_at";

  private static final org.springframework.jdbc.core.RowMapper<Message> MESSAGE =
      (rs, i) ->
          new Message(
              rs.getString(1),
              rs.getInt(2),
              rs.getString(3),
              rs.getString(4),
              rs.getString(5),
              rs.getString(6),
              rs.getTimestamp(7).toInstant());

  private final JdbcTemplate jdbc;
  private final DailyRollup rollup;
  private final MeterRegistry meters;
  private final Recording recording;
  private final FlowStore flows;

  MessageLifecycle(
      JdbcTemplate jdbc,
      DailyRollup rollup,
      MeterRegistry meters,
      Recording recording,
      FlowStore flows) {
    this.jdbc = jdbc;
    this.rollup = rollup;
    this.flows = flows;
    this.meters = meters;
    this.recording = recording;
  }

  @EventListener
  void on(MessageStatusChanged change) {
    if (!recording.on()) {
      return;
    }
    if (change.attributes() != null) {
      create(change);
    }
    String once =
        switch (change.status()) {
          case "QUEUED", "PENDING" -> "queued";
          case "SENT", "SANDBOX" -> "sent";
          default -> null;
        };
    // the status, and the step's time the first time: one statement, answering the row's key
    Message message =
        once == null ? null : update(change.messageId(), change.status(), once, change.at());
    boolean first = message != null;
    if (message == null) {
      message = update(change.messageId(), change.status(), null, null);
    }
    if (message == null) {
      return; // a message written before analytics recorded
    }
    meters
        .counter("journeys.messages", "status", change.status(), "channel", message.channel())
        .increment();
    switch (change.status()) {
      case "QUEUED", "PENDING", "SENT", "SANDBOX" -> {
        if (first) {
          rollup.add(message.key(once));
        }
      }
      case "FAILED" -> rollup.add(message.key("failed"));
      case "CANCELLED" -> rollup.add(message.key("cancelled"));
      case "SKIPPED", "SUPPRESSED" -> blocked(change, message);
      default -> {}
    }
  }

  /**
   * Sets the message's status (and, with {@code step}, its {@code <step>_at} to {@code at} if not
   * set yet: otherwise nothing changes), answering its key; null when no row changed.
   */
  private Message update(String id, String status, String step, Instant at) {
    String change =
        step == null
            ? "update analytics_message set status = ? where message_id = ?"
            : "update analytics_message set status = ?, "
                + step
                + "_at = ? where message_id = ? and "
                + step
                + "_at is null";
    Object[] args =
        step == null ? new Object[] {status, id} : new Object[] {status, Timestamp.from(at), id};
    List<Message> found = jdbc.query(rollup.returning(change, MESSAGE_COLUMNS), MESSAGE, args);
    return found.isEmpty() ? null : found.get(0);
  }

  @EventListener
  void on(StoredEvent event) {
    if (!recording.on()) {
      return;
    }
    String[] step = BY_EVENT.get(event.type());
    Object messageId = event.properties() == null ? null : event.properties().get("messageId");
    if (step == null || !(messageId instanceof String id)) {
      return;
    }
    Message message = find(id);
    if (message != null) {
      once(id, step[0], event.occurredAt(), message, step[1]);
    }
  }

  private void blocked(MessageStatusChanged change, Message message) {
    String reason = ReasonClass.of(change.status(), change.detail());
    if (jdbc.update(
            "update analytics_message set blocked_reason = ? where message_id = ?"
                + " and blocked_reason is null",
            reason,
            change.messageId())
        == 1) {
      rollup.add(message.key("holdout".equals(reason) ? "heldout" : "blocked"));
      meters.counter("journeys.send.verdicts", "reason", reason).increment();
    }
  }

  private void once(String id, String column, Instant at, Message message, String metric) {
    if (jdbc.update(
            "update analytics_message set "
                + column
                + " = ? where message_id = ? and "
                + column
                + " is null",
            Timestamp.from(at),
            id)
        == 1) {
      rollup.add(message.key(metric));
    }
  }

  /** The message's row, with the journey version and arm of its journey entry. */
  private void create(MessageStatusChanged change) {
    MessageStatusChanged.Attributes a = change.attributes();
    if (find(change.messageId()) != null) {
      return;
    }
    FlowStore.Entry entry =
        (a.processInstanceId() == null
                ? java.util.Optional.<FlowStore.Entry>empty()
                : flows.entry(a.processInstanceId()))
            .orElse(new FlowStore.Entry(a.journeyKey(), 0, null, false));
    if (entry.trial()) {
      return; // a trial run's message counts nowhere
    }
    String journey = a.journeyKey() != null ? a.journeyKey() : entry.journey();
    jdbc.update(
        "insert into analytics_message (message_id, contact_id, process_instance_id,"
            + " journey_key, journey_version, node_id, channel, template, arm, created_at, status)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        change.messageId(),
        a.contactId(),
        a.processInstanceId(),
        journey == null ? "" : journey,
        entry.version(),
        a.activityId() == null ? "" : a.activityId(),
        a.channel(),
        a.template(),
        entry.arm() == null ? "" : entry.arm(),
        Timestamp.from(change.at()),
        change.status());
  }

  private Message find(String id) {
    List<Message> found =
        jdbc.query(
            "select " + MESSAGE_COLUMNS + " from analytics_message where message_id = ?",
            MESSAGE,
            id);
    return found.isEmpty() ? null : found.get(0);
  }
}
