package io.journeys.governance;

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
 * and records: a {@code true} answer is the entry. Exact across nodes: the first entry is a
 * primary-key insert, a later one a conditional update that only one concurrent caller wins.
 */
@Service
public class ReentryRule {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate newTx;
  private final Duration window;

  @Autowired
  ReentryRule(JdbcTemplate jdbc, PlatformTransactionManager txManager,
      SendRulesProperties properties) {
    this(jdbc, txManager, properties.reentryWindow());
  }

  ReentryRule(JdbcTemplate jdbc, PlatformTransactionManager txManager, Duration window) {
    this.jdbc = jdbc;
    this.newTx = new TransactionTemplate(txManager);
    this.newTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.window = window;
  }

  /**
   * Whether the contact may enter the journey now; when it may, the entry is recorded (in its own
   * transaction), so a second call within the window answers {@code false}.
   */
  public boolean mayEnter(String contactId, String processKey, Instant now) {
    Timestamp at = Timestamp.from(now);
    Integer updated = newTx.execute(tx -> jdbc.update(
        "update journey_entry set entered_at = ? where contact_id = ? and process_key = ?"
            + " and entered_at <= ?", at, contactId, processKey,
        Timestamp.from(now.minus(window))));
    if (updated != null && updated > 0) {
      return true;
    }
    try {
      newTx.executeWithoutResult(tx -> jdbc.update("insert into journey_entry"
          + " (contact_id, process_key, entered_at) values (?, ?, ?)", contactId, processKey, at));
      return true;
    } catch (DuplicateKeyException entered) {
      return false;
    }
  }
}
