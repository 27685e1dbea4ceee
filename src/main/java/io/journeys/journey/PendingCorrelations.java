package io.journeys.journey;

import io.journeys.config.EngineClock;
import io.journeys.event.StoredEvent;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The table of events waiting for another correlation attempt ({@code pending_correlation}). Rows
 * are written in the transaction that stores the event, and claimed by deleting them, so with
 * several nodes on one database each attempt is made by exactly one node.
 */
@Component
class PendingCorrelations implements CorrelationRetries {

  /** One waiting event. */
  record Pending(
      String eventId,
      String type,
      String contactId,
      String processInstanceId,
      int attempts,
      Instant expiresAt) {}

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Duration keepFor;

  PendingCorrelations(
      JdbcTemplate jdbc, @Value("${journeys.correlation.retry-for:PT10M}") Duration keepFor) {
    this.jdbc = jdbc;
    this.clock = EngineClock.UTC;
    this.keepFor = keepFor;
  }

  @Override
  public void later(StoredEvent event, String processInstanceId) {
    Instant now = clock.instant();
    insert(
        new Pending(
            event.id(), event.type(), event.contactId(), processInstanceId, 0, now.plus(keepFor)),
        now);
  }

  /** Ids of events due for another attempt. */
  List<String> due(int limit) {
    return jdbc.queryForList(
        "select event_id from pending_correlation where next_attempt_at <= ?"
            + " order by next_attempt_at fetch first "
            + limit
            + " rows only",
        String.class,
        Timestamp.from(clock.instant()));
  }

  /** Reads and deletes one row; null when another node claimed it first. */
  Pending claim(String eventId) {
    List<Pending> rows =
        jdbc.query(
            "select event_id, event_type, contact_id, process_instance_id, attempts, expires_at"
                + " from pending_correlation where event_id = ? for update",
            (rs, i) ->
                new Pending(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getInt(5),
                    rs.getTimestamp(6).toInstant()),
            eventId);
    if (rows.isEmpty()
        || jdbc.update("delete from pending_correlation where event_id = ?", eventId) != 1) {
      return null;
    }
    return rows.get(0);
  }

  /** Puts a claimed event back for a later attempt, unless it has waited long enough. */
  boolean retryAgain(Pending pending) {
    Instant now = clock.instant();
    if (!now.isBefore(pending.expiresAt())) {
      return false;
    }
    insert(
        new Pending(
            pending.eventId(),
            pending.type(),
            pending.contactId(),
            pending.processInstanceId(),
            pending.attempts() + 1,
            pending.expiresAt()),
        now);
    return true;
  }

  /**
   * Puts a claimed event back whose instance is paused (suspended): its retry window starts again,
   * so it is delivered after the journey resumes instead of expiring during the pause.
   */
  void postpone(Pending pending) {
    Instant now = clock.instant();
    insert(
        new Pending(
            pending.eventId(),
            pending.type(),
            pending.contactId(),
            pending.processInstanceId(),
            pending.attempts() + 1,
            now.plus(keepFor)),
        now);
  }

  /** Writes the row, next attempt after the backoff of its attempt count. */
  private void insert(Pending pending, Instant now) {
    jdbc.update(
        "insert into pending_correlation (event_id, event_type, contact_id, process_instance_id,"
            + " attempts, next_attempt_at, expires_at) values (?, ?, ?, ?, ?, ?, ?)",
        pending.eventId(),
        pending.type(),
        pending.contactId(),
        pending.processInstanceId(),
        pending.attempts(),
        Timestamp.from(now.plus(backoff(pending.attempts()))),
        Timestamp.from(pending.expiresAt()));
  }

  /** 1 s, 2 s, 4 s, … at most 1 min between attempts. */
  static Duration backoff(int attempts) {
    return Duration.ofSeconds(Math.min(60, 1L << Math.min(attempts, 6)));
  }
}
