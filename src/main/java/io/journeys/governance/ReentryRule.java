package io.journeys.governance;

import io.journeys.journey.EntryRule;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-entry: a contact enters the same journey at most once per window
 * ({@code journeys.send-rules.reentry-window}, default {@code P1D}). {@link #mayEnter} both asks
 * and records: a {@code true} answer is the entry. The record is part of the caller's transaction
 * (the one that stores the event and starts the journey; a savepoint inside it), so a start that
 * rolls back leaves no entry behind. Exact across nodes: the first entry is a primary-key insert
 * (a concurrent second insert waits for the first transaction and then fails on the key), a later
 * one a conditional update that only one concurrent caller wins (the other waits for the row lock
 * and then finds the fresh entry).
 */
@Service
public class ReentryRule implements EntryRule {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate savepoint;
  private final Duration window;

  @Autowired
  ReentryRule(JdbcTemplate jdbc, PlatformTransactionManager txManager,
      SendRulesProperties properties) {
    this(jdbc, txManager, properties.reentryWindow());
  }

  ReentryRule(JdbcTemplate jdbc, PlatformTransactionManager txManager, Duration window) {
    this.jdbc = jdbc;
    this.savepoint = new TransactionTemplate(txManager);
    // inside the caller's transaction a savepoint: a duplicate key rolls back to it and the
    // caller's transaction goes on (PostgreSQL would otherwise refuse every later statement)
    this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    this.window = window;
  }

  /**
   * Whether the contact may enter the journey now; when it may, the entry is recorded (in the
   * caller's transaction, or a transaction of its own when there is none), so a second call within
   * the window answers {@code false}.
   */
  @Override
  public boolean mayEnter(String contactId, String processKey, Instant now) {
    Timestamp at = Timestamp.from(now);
    Integer updated = savepoint.execute(tx -> jdbc.update(
        "update journey_entry set entered_at = ? where contact_id = ? and process_key = ?"
            + " and entered_at <= ?", at, contactId, processKey,
        Timestamp.from(now.minus(window))));
    if (updated != null && updated > 0) {
      return true;
    }
    try {
      savepoint.executeWithoutResult(tx -> jdbc.update("insert into journey_entry"
          + " (contact_id, process_key, entered_at) values (?, ?, ?)", contactId, processKey, at));
      return true;
    } catch (DuplicateKeyException entered) {
      return false;
    }
  }

  /**
   * Forgets the contact's last entry into the journey, so that the next start is not held back by
   * the window (a double opt-in request that an address change made void).
   */
  void forget(String contactId, String processKey) {
    jdbc.update("delete from journey_entry where contact_id = ? and process_key = ?", contactId,
        processKey);
  }
}
