package io.journeys.governance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Addresses that get nothing more on a channel (hard bounce, complaint, unsubscribe by reply),
 * kept as a SHA-256 hash of the normalised address: it outlives the contact (erasure) and a new
 * contact with the same address is suppressed too.
 */
@Repository
class SuppressionList {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate newTx;

  SuppressionList(JdbcTemplate jdbc, PlatformTransactionManager txManager) {
    this.jdbc = jdbc;
    this.newTx = new TransactionTemplate(txManager);
    this.newTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** Why the address is suppressed on the channel, if it is. */
  Optional<String> reason(String channel, String address) {
    if (address == null || address.isBlank()) {
      return Optional.empty();
    }
    return jdbc.queryForList("select reason from send_suppression where channel = ?"
            + " and address_hash = ?", String.class, channel, hash(channel, address))
        .stream().findFirst();
  }

  /** Suppresses the address on the channel; suppressing it again keeps the first reason. */
  void suppress(String channel, String address, String reason, Instant now) {
    if (address == null || address.isBlank() || reason(channel, address).isPresent()) {
      return;
    }
    try {
      newTx.executeWithoutResult(tx -> jdbc.update("insert into send_suppression"
              + " (channel, address_hash, reason, created_at) values (?, ?, ?, ?)",
          channel, hash(channel, address), reason, Timestamp.from(now)));
    } catch (DuplicateKeyException raced) {
      // suppressed at the same moment by another callback: it is suppressed, as wanted
    }
  }

  /** Lower-case trimmed email; a phone keeps its digits and a leading +. */
  static String normalise(String channel, String address) {
    String a = address.trim();
    return "email".equals(channel) ? a.toLowerCase(Locale.ROOT) : a.replaceAll("[^0-9+]", "");
  }

  static String hash(String channel, String address) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(normalise(channel, address).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
