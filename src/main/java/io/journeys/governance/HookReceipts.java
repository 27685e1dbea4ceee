package io.journeys.governance;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Replay protection: the signature of every accepted callback is remembered for the timestamp
 * window (after it, the timestamp check refuses the callback anyway), on the shared database so
 * that every node knows it.
 */
@Repository
class HookReceipts {

  private final JdbcTemplate jdbc;

  HookReceipts(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records the signature in the caller's transaction, which also holds the callback's effects;
   * false when it was seen before (a replay). A concurrent copy waits on the key until the first
   * commits (then it is a replay) or rolls back (then it is handled).
   */
  boolean firstTime(String provider, String signature, Instant now, Duration window) {
    try {
      jdbc.update(
          "delete from hook_receipt where received_at < ?",
          Timestamp.from(now.minus(window.multipliedBy(2))));
      jdbc.update(
          "insert into hook_receipt (signature, provider, received_at) values (?, ?, ?)",
          signature.substring(HookSignature.PREFIX.length()),
          provider,
          Timestamp.from(now));
      return true;
    } catch (DuplicateKeyException replay) {
      return false;
    }
  }
}
