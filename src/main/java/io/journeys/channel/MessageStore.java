package io.journeys.channel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code message} table: one row per idempotency key. Every write runs in its own
 * transaction (REQUIRES_NEW), so what was sent stays recorded even when the job transaction that
 * sent it rolls back afterwards.
 */
@Repository
class MessageStore implements MessageLookup {

  enum Status {
    PENDING, SENT, SANDBOX, FAILED,
    /** Not sent: no consent for the channel, or the address is suppressed (send rules). */
    SUPPRESSED,
    /** Not sent: a send rule (e.g. a frequency cap) skipped it; the journey went on. */
    SKIPPED,
    /** Not sent yet: quiet hours; the job sends it later (detail: until when). */
    DEFERRED;

    boolean done() {
      return this == SENT || this == SANDBOX || this == SUPPRESSED || this == SKIPPED;
    }
  }

  /** One row of the message table, without its body. */
  record Row(
      String id, String idempotencyKey, String contactId, String channel, String template,
      String processInstanceId, Status status) {}

  private static final String COLUMNS =
      "id, idempotency_key, contact_id, channel, template, process_instance_id, status";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate newTx;
  private final Clock clock;

  @Autowired
  MessageStore(JdbcTemplate jdbc, PlatformTransactionManager txManager) {
    this(jdbc, txManager, Clock.systemUTC());
  }

  MessageStore(JdbcTemplate jdbc, PlatformTransactionManager txManager, Clock clock) {
    this.jdbc = jdbc;
    this.newTx = new TransactionTemplate(txManager);
    this.newTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
  }

  /** The row of this key, created as PENDING when there is none yet (two callers racing get one). */
  Row claim(SendRequest request) {
    Optional<Row> existing = findByKey(request.idempotencyKey());
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      newTx.executeWithoutResult(tx -> jdbc.update(
          "insert into message (id, idempotency_key, contact_id, channel, template,"
              + " process_instance_id, activity_id, status, created_at)"
              + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          UUID.randomUUID().toString(), request.idempotencyKey(), request.contactId(),
          request.channel(), request.template(), request.processInstanceId(),
          request.activityId(), Status.PENDING.name(), now()));
    } catch (DuplicateKeyException raced) {
      // another node created it between our read and insert: theirs is the row
    }
    return findByKey(request.idempotencyKey())
        .orElseThrow(() -> new IllegalStateException("message row vanished after insert"));
  }

  Optional<Row> findByKey(String idempotencyKey) {
    return newTx.execute(tx -> jdbc.query(
        "select " + COLUMNS + " from message where idempotency_key = ?", MessageStore::row,
        idempotencyKey).stream().findFirst());
  }

  /** Records a delivery: SENT, or SANDBOX with the body that would have been sent. */
  void markDone(String id, Status status, String recipient, String subject, String body) {
    markDone(id, status, null, recipient, subject, body, null);
  }

  /**
   * Records a delivery on a channel (when a send rule chose another channel than the requested
   * one, that channel) with the send rules' verdict as detail.
   */
  void markDone(String id, Status status, String channel, String recipient, String subject,
      String body, String detail) {
    newTx.executeWithoutResult(tx -> jdbc.update(
        "update message set status = ?, channel = coalesce(?, channel), recipient = ?,"
            + " subject = ?, body = ?, detail = ?, sent_at = ? where id = ?",
        status.name(), channel, recipient, truncate(subject, 500), body,
        truncate(detail, 1000), now(), id));
  }

  /** Records that the message was not sent, and why (a reason without personal data). */
  void markSuppressed(String id, String reason) {
    markNotSent(id, Status.SUPPRESSED, reason);
  }

  /** Records a send rules' verdict that did not send (SKIPPED, SUPPRESSED, DEFERRED). */
  void markNotSent(String id, Status status, String verdict) {
    newTx.executeWithoutResult(tx -> jdbc.update(
        "update message set status = ?, detail = ? where id = ?",
        status.name(), truncate(verdict, 1000), id));
  }

  /** Records a failure with a short reason that carries no personal data. */
  void markFailed(String id, String reason) {
    newTx.executeWithoutResult(tx -> jdbc.update(
        "update message set status = ?, detail = ? where id = ?",
        Status.FAILED.name(), truncate(reason, 1000), id));
  }

  @Override
  public Optional<SentMessage> find(String messageId) {
    return jdbc.query("select " + COLUMNS + " from message where id = ?", MessageStore::row,
            messageId).stream()
        .findFirst()
        .map(r -> new SentMessage(r.id(), r.contactId(), r.processInstanceId()));
  }

  private Timestamp now() {
    return Timestamp.from(Instant.now(clock));
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(
        rs.getString("id"), rs.getString("idempotency_key"), rs.getString("contact_id"),
        rs.getString("channel"), rs.getString("template"), rs.getString("process_instance_id"),
        Status.valueOf(rs.getString("status")));
  }
}
