package io.journeys.governance;

import io.journeys.contact.IdentityHashes;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Addresses that get nothing more on a channel (hard bounce, complaint, unsubscribe by reply), kept
 * as a keyed hash of the normalised address ({@link IdentityHashes}; rows of older versions hold a
 * plain SHA-256 and are re-keyed when found): it outlives the contact (erasure) and a new contact
 * with the same address is suppressed too.
 */
@Repository
class SuppressionList {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate newTx;
  private final IdentityHashes hashes;

  SuppressionList(JdbcTemplate jdbc, PlatformTransactionManager txManager, IdentityHashes hashes) {
    this.jdbc = jdbc;
    this.hashes = hashes;
    this.newTx = new TransactionTemplate(txManager);
    this.newTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** Why the address is suppressed on the channel, if it is. */
  Optional<String> reason(String channel, String address) {
    if (address == null || address.isBlank()) {
      return Optional.empty();
    }
    String normalised = normalise(channel, address);
    String keyed = hashes.hash(normalised);
    Optional<String> reason =
        jdbc
            .queryForList(
                "select reason from send_suppression where channel = ?" + " and address_hash = ?",
                String.class,
                channel,
                keyed)
            .stream()
            .findFirst();
    if (reason.isPresent()) {
      return reason;
    }
    // a row written before the keyed hash (finding 12): found by its plain SHA-256, re-keyed
    String legacy = IdentityHashes.legacy(normalised);
    reason =
        jdbc
            .queryForList(
                "select reason from send_suppression where channel = ?" + " and address_hash = ?",
                String.class,
                channel,
                legacy)
            .stream()
            .findFirst();
    reason.ifPresent(
        r ->
            jdbc.update(
                "update send_suppression set address_hash = ? where channel = ?"
                    + " and address_hash = ?",
                keyed,
                channel,
                legacy));
    return reason;
  }

  /** Suppresses the address on the channel; suppressing it again keeps the first reason. */
  void suppress(String channel, String address, String reason, Instant now) {
    if (address == null || address.isBlank() || reason(channel, address).isPresent()) {
      return;
    }
    try {
      newTx.executeWithoutResult(
          tx ->
              jdbc.update(
                  "insert into send_suppression"
                      + " (channel, address_hash, reason, created_at) values (?, ?, ?, ?)",
                  channel,
                  hashes.hash(normalise(channel, address)),
                  reason,
                  Timestamp.from(now)));
    } catch (DuplicateKeyException raced) {
      // suppressed at the same moment by another callback: it is suppressed, as wanted
    }
  }

  /** Lower-case trimmed email; a phone keeps its digits and a leading +. */
  static String normalise(String channel, String address) {
    String a = address.trim();
    return "email".equals(channel) ? a.toLowerCase(Locale.ROOT) : a.replaceAll("[^0-9+]", "");
  }
}
