package io.journeys.governance;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replay protection: the signature of every accepted callback is remembered for the timestamp
 * window (after it, the timestamp check refuses the callback anyway), on the shared database so
 * that every node knows it.
 */
@Repository
class HookReceipts {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate newTx;

  HookReceipts(JdbcTemplate jdbc, PlatformTransactionManager txManager) {
    this.jdbc = jdbc;
    this.newTx = new TransactionTemplate(txManager);
    this.newTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** Records the signature; false when it was seen before (a replay). */
  boolean firstTime(String provider, String signature, Instant now, Duration window) {
    try {
      newTx.executeWithoutResult(tx -> {
        jdbc.update("delete from hook_receipt where received_at < ?",
            Timestamp.from(now.minus(window.multipliedBy(2))));
        jdbc.update("insert into hook_receipt (signature, provider, received_at) values (?, ?, ?)",
            signature.substring(HookSignature.PREFIX.length()), provider, Timestamp.from(now));
      });
      return true;
    } catch (DuplicateKeyException replay) {
      return false;
    }
  }
}
