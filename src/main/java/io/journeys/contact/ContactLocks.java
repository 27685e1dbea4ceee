package io.journeys.contact;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Row locks on contacts for features that must not race an erasure or a merge: {@link #lock} takes
 * the contact's row lock in the caller's transaction (until it ends), the lock {@link
 * ErasureService} takes before it deletes. Used by the channel's dispatcher so that an erasure
 * waits for a delivery in flight and the delivery sees the erasure.
 */
@Repository
public class ContactLocks {

  private final JdbcTemplate jdbc;

  public ContactLocks(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Locks the contact's row until the end of the caller's transaction (waits while another holds
   * it).
   *
   * @return whether the contact (still) exists
   */
  public boolean lock(String contactId) {
    return !jdbc.queryForList(
            "select id from contact where id = ? for update", String.class, contactId)
        .isEmpty();
  }
}
