package io.journeys.channel;

import io.journeys.config.EngineClock;
import io.journeys.contact.Channel;
import io.journeys.journey.MessageLookup;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code message} table, which is also the outbox: one row per idempotency key. Every method
 * joins the caller's transaction; {@link MessageSender} and {@link MessageDispatcher} decide which
 * writes share the engine's transaction and which commit on their own.
 *
 * <pre>
 *   (step)  DEFERRED / FAILED ──► QUEUED ──claim──► SENDING ──► SENT / SANDBOX
 *                                   ▲                 │  └──(outcome unknown, SMTP)──► UNCERTAIN
 *                                   └──── FAILED ◄────┘ (provider refused; retried)
 *   QUEUED / FAILED ──► CANCELLED (journey cancelled, contact erased)
 * </pre>
 *
 * <p>For a channel whose receiver cannot drop a duplicate (SMTP), a SENDING row is in doubt only
 * once {@link #handOver} marked it ({@code handed_over_at}: the end of the message data is about to
 * go to the relay); a SENDING row without the mark was left by an attempt that ended before the
 * relay could take the message and is sent again ({@link #reclaim}). Each claim numbers its attempt
 * ({@code attempts}); the hand-over and a failure write only for the current attempt, so a stale
 * attempt never overwrites a newer one's state.
 *
 * <p>Every status written is published as a {@link MessageStatusChanged} in the same transaction.
 */
@Repository
class MessageStore implements MessageLookup {

  enum Status {
    /** Written before the outbox (older rows); delivered like QUEUED. */
    PENDING,
    /** In the outbox: passed the send rules, rendered, waiting for the dispatcher. */
    QUEUED,
    /** Claimed by a dispatcher that is calling (or was calling when it died) the provider. */
    SENDING,
    SENT,
    SANDBOX,
    /** The last attempt failed (a reason in detail); the next attempt tries again. */
    FAILED,
    /** A delivery attempt ended without an outcome (a crash); an operator decides. */
    UNCERTAIN,
    /** Not sent: the journey was cancelled or the contact erased before delivery. */
    CANCELLED,
    /** Not sent: no consent for the channel, or the address is suppressed (send rules). */
    SUPPRESSED,
    /** Not sent: a send rule (e.g. a frequency cap) skipped it; the journey went on. */
    SKIPPED,
    /** Not sent yet: quiet hours; the job sends it later (detail: until when). */
    DEFERRED;

    /** Nothing more will happen to it. */
    boolean done() {
      return this == SENT
          || this == SANDBOX
          || this == SUPPRESSED
          || this == SKIPPED
          || this == CANCELLED;
    }

    /** In the outbox: the dispatcher has (or had) work to do. */
    boolean queued() {
      return this == QUEUED || this == PENDING || this == SENDING || this == UNCERTAIN;
    }
  }

  /** What the outbox keeps of a queued message until delivery (JSON in {@code content}). */
  record Content(String verdict, RenderedMessage rendered) {}

  /** One row of the message table, without its body. */
  record Row(
      String id,
      String idempotencyKey,
      String contactId,
      String channel,
      String template,
      String processInstanceId,
      Status status,
      String detail,
      String content,
      int attempts,
      boolean handedOver) {}

  private static final String COLUMNS =
      "id, idempotency_key, contact_id, channel, template,"
          + " process_instance_id, status, detail, content, attempts, handed_over_at";

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final ApplicationEventPublisher publisher;

  MessageStore(JdbcTemplate jdbc) {
    this(jdbc, EngineClock.UTC, event -> {});
  }

  @Autowired
  MessageStore(JdbcTemplate jdbc, ApplicationEventPublisher publisher) {
    this(jdbc, EngineClock.UTC, publisher);
  }

  MessageStore(JdbcTemplate jdbc, Clock clock, ApplicationEventPublisher publisher) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.publisher = publisher;
  }

  Optional<Row> findByKey(String idempotencyKey) {
    return jdbc
        .query(
            "select " + COLUMNS + " from message where idempotency_key = ?",
            MessageStore::row,
            idempotencyKey)
        .stream()
        .findFirst();
  }

  Optional<Row> findById(String id) {
    return jdbc
        .query("select " + COLUMNS + " from message where id = ?", MessageStore::row, id)
        .stream()
        .findFirst();
  }

  /**
   * Writes the outbox entry: the message as QUEUED on {@code channel} with its rendered parts, or
   * the verdict of a send that does not go to the outbox (SKIPPED, SUPPRESSED, DEFERRED, FAILED).
   * Creates the row or updates the one of an earlier attempt (DEFERRED, FAILED).
   */
  void record(
      String id,
      SendRequest request,
      String journeyKey,
      Channel channel,
      Status status,
      String detail,
      String content) {
    int updated =
        jdbc.update(
            "update message set channel = ?, status = ?, detail = ?,"
                + " content = ?, journey_key = coalesce(?, journey_key) where id = ?",
            channel.wire(),
            status.name(),
            truncate(detail, 1000),
            content,
            journeyKey,
            id);
    if (updated == 0) {
      jdbc.update(
          "insert into message (id, idempotency_key, contact_id, channel, template,"
              + " process_instance_id, activity_id, journey_key, status, detail, content,"
              + " created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          id,
          request.idempotencyKey(),
          request.contactId(),
          channel.wire(),
          request.template(),
          request.processInstanceId(),
          request.activityId(),
          journeyKey,
          status.name(),
          truncate(detail, 1000),
          content,
          now());
    }
    publisher.publishEvent(
        new MessageStatusChanged(
            id,
            status.name(),
            truncate(detail, 1000),
            Instant.now(clock),
            new MessageStatusChanged.Attributes(
                request.contactId(),
                channel.wire(),
                request.template(),
                request.processInstanceId(),
                request.activityId(),
                journeyKey)));
  }

  private void published(String id, Status status, String detail) {
    publisher.publishEvent(
        new MessageStatusChanged(
            id, status.name(), truncate(detail, 1000), Instant.now(clock), null));
  }

  /**
   * Takes the message for one delivery attempt: QUEUED, PENDING, FAILED or (by an operator's retry)
   * UNCERTAIN become SENDING; with {@code resend}, also SENDING (a provider that drops duplicates
   * by key gets the same key again).
   *
   * @return whether this caller may call the provider
   */
  boolean claim(String id, boolean resend) {
    String from =
        resend
            ? "'QUEUED', 'PENDING', 'FAILED', 'UNCERTAIN', 'SENDING'"
            : "'QUEUED', 'PENDING', 'FAILED', 'UNCERTAIN'";
    return jdbc.update(
            "update message set status = 'SENDING', attempts = attempts + 1,"
                + " claimed_at = ?, handed_over_at = null where id = ? and status in ("
                + from
                + ")",
            now(),
            id)
        == 1;
  }

  /**
   * Takes again a SENDING row that attempt {@code attempt} left before its hand-over (a crash, or a
   * failure it could not record): only while the row is still that attempt's and not handed over,
   * so that attempt, if it still runs, can no longer hand it over ({@link #handOver}).
   *
   * @return whether this caller may call the provider
   */
  boolean reclaim(String id, int attempt) {
    return jdbc.update(
            "update message set attempts = attempts + 1, claimed_at = ?, handed_over_at = null"
                + " where id = ? and status = 'SENDING' and attempts = ?"
                + " and handed_over_at is null",
            now(),
            id,
            attempt)
        == 1;
  }

  /**
   * Marks attempt {@code attempt} as handing the message over (SMTP: the end of the data is about
   * to go to the relay): from now on a crash or a missing answer leaves it in doubt.
   *
   * @return false when the row is no longer that attempt's (another took it, or it was cancelled):
   *     the caller must not hand it over
   */
  boolean handOver(String id, int attempt) {
    return jdbc.update(
            "update message set handed_over_at = ? where id = ? and status = 'SENDING'"
                + " and attempts = ?",
            now(),
            id,
            attempt)
        == 1;
  }

  /**
   * Puts the message of attempt {@code attempt} back as FAILED (the provider refused it, or the
   * attempt failed before the receiver could take it); nothing when another attempt took it since.
   */
  boolean fail(String id, int attempt, String reason) {
    boolean failed =
        jdbc.update(
                "update message set status = 'FAILED', detail = ? where id = ?"
                    + " and status = 'SENDING' and attempts = ?",
                truncate(reason, 1000),
                id,
                attempt)
            == 1;
    if (failed) {
      published(id, Status.FAILED, reason);
    }
    return failed;
  }

  /**
   * Records a delivery (SENT, or SANDBOX with the body that would have gone out) and forgets the
   * rendered parts; {@code personal} false keeps recipient, subject and body out (the contact was
   * erased while the message was in flight); the detail becomes the send rules' verdict again (a
   * failed attempt's reason is forgotten).
   */
  void markDelivered(
      String id, ChannelAdapter.Delivery delivery, boolean personal, String verdict) {
    jdbc.update(
        "update message set status = ?, recipient = ?, subject = ?, body = ?,"
            + " content = null, sent_at = ?, detail = ? where id = ?",
        delivery.status().name(),
        personal ? delivery.recipient() : null,
        personal ? truncate(delivery.subject(), 500) : null,
        personal ? delivery.body() : null,
        now(),
        personal ? truncate(verdict, 1000) : "contact erased while the message was in flight",
        id);
    published(id, delivery.status(), null);
  }

  /** Moves a row from {@code from} to {@code to} with a reason free of personal data. */
  boolean move(String id, Status from, Status to, String reason) {
    boolean moved =
        jdbc.update(
                "update message set status = ?, detail = ? where id = ? and status = ?",
                to.name(),
                truncate(reason, 1000),
                id,
                from.name())
            == 1;
    if (moved) {
      published(id, to, reason);
    }
    return moved;
  }

  /** Cancels a message that has not gone to a provider yet (QUEUED, PENDING or FAILED). */
  boolean cancel(String id, String reason) {
    boolean cancelled =
        jdbc.update(
                "update message set status = 'CANCELLED', detail = ?, content = null"
                    + " where id = ? and status in ('QUEUED', 'PENDING', 'FAILED')",
                truncate(reason, 1000),
                id)
            == 1;
    if (cancelled) {
      published(id, Status.CANCELLED, reason);
    }
    return cancelled;
  }

  @Override
  public Optional<SentMessage> find(String messageId) {
    return findById(messageId)
        .map(r -> new SentMessage(r.id(), r.contactId(), r.processInstanceId()));
  }

  private Timestamp now() {
    return Timestamp.from(Instant.now(clock));
  }

  static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(
        rs.getString("id"),
        rs.getString("idempotency_key"),
        rs.getString("contact_id"),
        rs.getString("channel"),
        rs.getString("template"),
        rs.getString("process_instance_id"),
        Status.valueOf(rs.getString("status")),
        rs.getString("detail"),
        rs.getString("content"),
        rs.getInt("attempts"),
        rs.getTimestamp("handed_over_at") != null);
  }
}
