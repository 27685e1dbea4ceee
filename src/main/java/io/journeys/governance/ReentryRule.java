package io.journeys.governance;

import io.journeys.journey.EntryRule;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-entry: a contact enters the same journey at most once per window ({@code
 * journeys.send-rules.reentry-window}, default {@code P1D}). {@link #mayEnter} both asks and
 * records: a {@code true} answer is the entry. The record is part of the caller's transaction (the
 * one that stores the event and starts the journey; a savepoint inside it), so a start that rolls
 * back leaves no entry behind. Exact across nodes: the first entry is a primary-key insert (a
 * concurrent second insert waits for the first transaction and then fails on the key), a later one
 * a conditional update that only one concurrent caller wins (the other waits for the row lock and
 * then finds the fresh entry).
 */
@Service
public class ReentryRule implements EntryRule {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;
  private final Duration window;

  @Autowired
  ReentryRule(
      JdbcTemplate jdbc, PlatformTransactionManager txManager, SendRulesProperties properties) {
    this(jdbc, txManager, properties.reentryWindow());
  }

  ReentryRule(JdbcTemplate jdbc, PlatformTransactionManager txManager, Duration window) {
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(txManager);
    // only used without a surrounding transaction: then a transaction of its own
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
    this.window = window;
  }

  /**
   * Whether the contact may enter the journey now; when it may, the entry is recorded (in the
   * caller's transaction, or a transaction of its own when there is none), so a second call within
   * the window answers {@code false}.
   */
  @Override
  public boolean mayEnter(String contactId, String processKey, Instant now) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      return Boolean.TRUE.equals(
          ownTransaction.execute(tx -> mayEnter(contactId, processKey, now)));
    }
    Timestamp at = Timestamp.from(now);
    // an update cannot break the transaction: no savepoint needed
    if (jdbc.update(
            "update journey_entry set entered_at = ? where contact_id = ?"
                + " and process_key = ? and entered_at <= ?",
            at,
            contactId,
            processKey,
            Timestamp.from(now.minus(window)))
        > 0) {
      return true;
    }
    if (Boolean.TRUE.equals(
        jdbc.queryForObject(
            "select count(*) > 0 from journey_entry" + " where contact_id = ? and process_key = ?",
            Boolean.class,
            contactId,
            processKey))) {
      return false; // entered within the window
    }
    return insertOnSavepoint(contactId, processKey, at);
  }

  /**
   * The first entry: an insert that a concurrent first entry makes fail on the key. A plain JDBC
   * savepoint on the transaction's connection keeps the caller's transaction usable after that
   * failure (PostgreSQL refuses every later statement of a failed transaction otherwise); Spring's
   * nested transactions would do the same at a cost that grows with the synchronizations the
   * batch's transaction has registered (measured: about 30 % of the correlator's CPU).
   */
  private boolean insertOnSavepoint(String contactId, String processKey, Timestamp at) {
    Connection connection = DataSourceUtils.getConnection(jdbc.getDataSource());
    try {
      Savepoint beforeInsert = connection.setSavepoint();
      try {
        jdbc.update(
            "insert into journey_entry (contact_id, process_key, entered_at)" + " values (?, ?, ?)",
            contactId,
            processKey,
            at);
      } catch (DuplicateKeyException entered) {
        connection.rollback(beforeInsert);
        return false;
      }
      connection.releaseSavepoint(beforeInsert);
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException("savepoint for the re-entry record failed", e);
    } finally {
      DataSourceUtils.releaseConnection(connection, jdbc.getDataSource());
    }
  }

  /**
   * Forgets the contact's last entry into the journey, so that the next start is not held back by
   * the window (a double opt-in request that an address change made void).
   */
  void forget(String contactId, String processKey) {
    jdbc.update(
        "delete from journey_entry where contact_id = ? and process_key = ?",
        contactId,
        processKey);
  }
}
