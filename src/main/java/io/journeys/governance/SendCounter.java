package io.journeys.governance;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Frequency caps, exact across threads and nodes on one database: counting the contact's
 * reservations and reserving a place happen in one transaction that holds the contact's {@code
 * send_lock} row ({@code select ... for update}), so a second sender to the same contact waits
 * until the first has committed its reservation and then counts it.
 */
@Repository
class SendCounter {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate newTx;

  SendCounter(JdbcTemplate jdbc, PlatformTransactionManager txManager) {
    this.jdbc = jdbc;
    this.newTx = new TransactionTemplate(txManager);
    this.newTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Reserves a place for the message unless one of the caps is full.
   *
   * @return the cap that is full, or empty when the place is reserved (or was before, for this
   *     message id: a retry is not counted twice)
   */
  Optional<FrequencyCap> reserve(
      String messageId,
      String contactId,
      String channel,
      Set<String> tags,
      List<FrequencyCap> caps,
      Instant now) {
    ensureLockRow(contactId);
    return newTx.execute(
        tx -> {
          jdbc.queryForList(
              "select contact_id from send_lock where contact_id = ? for update",
              String.class,
              contactId);
          Integer mine =
              jdbc.queryForObject(
                  "select count(*) from send_reservation where message_id = ?",
                  Integer.class,
                  messageId);
          if (mine != null && mine > 0) {
            return Optional.empty();
          }
          for (FrequencyCap cap : caps) {
            if (cap.appliesTo(channel, tags) && count(contactId, cap, now) >= cap.limit()) {
              return Optional.of(cap);
            }
          }
          jdbc.update(
              "insert into send_reservation (message_id, contact_id, channel, reserved_at)"
                  + " values (?, ?, ?, ?)",
              messageId,
              contactId,
              channel,
              Timestamp.from(now));
          return Optional.<FrequencyCap>empty();
        });
  }

  private int count(String contactId, FrequencyCap cap, Instant now) {
    String sql =
        "select count(*) from send_reservation where contact_id = ? and reserved_at > ?"
            + (FrequencyCap.ALL.equals(cap.channel()) ? "" : " and channel = ?");
    Object[] args =
        FrequencyCap.ALL.equals(cap.channel())
            ? new Object[] {contactId, Timestamp.from(now.minus(cap.window()))}
            : new Object[] {contactId, Timestamp.from(now.minus(cap.window())), cap.channel()};
    Integer n = jdbc.queryForObject(sql, Integer.class, args);
    return n == null ? 0 : n;
  }

  /** When a place was reserved for this message (when it went out); empty when none was. */
  Optional<Instant> reservedAt(String messageId) {
    return jdbc
        .query(
            "select reserved_at from send_reservation where message_id = ?",
            (rs, row) -> rs.getTimestamp(1).toInstant(),
            messageId)
        .stream()
        .findFirst();
  }

  /** The lock row exists before anyone locks it; inserted in its own transaction. */
  private void ensureLockRow(String contactId) {
    Integer exists =
        jdbc.queryForObject(
            "select count(*) from send_lock where contact_id = ?", Integer.class, contactId);
    if (exists != null && exists > 0) {
      return;
    }
    try {
      newTx.executeWithoutResult(
          tx -> jdbc.update("insert into send_lock (contact_id) values (?)", contactId));
    } catch (DuplicateKeyException raced) {
      // another sender created it at the same moment: the row is there, which is all we need
    }
  }
}
