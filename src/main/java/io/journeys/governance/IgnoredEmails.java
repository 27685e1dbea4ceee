package io.journeys.governance;

import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Whether a contact ignored their last emails: the last {@code n} emails were delivered and there
 * has been no {@code email.opened} or {@code email.clicked} of the contact since the first of them.
 */
@Repository
class IgnoredEmails {

  private final JdbcTemplate jdbc;

  IgnoredEmails(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  boolean lastIgnored(String contactId, int n) {
    if (n <= 0) {
      return false;
    }
    List<Timestamp> sent =
        jdbc.queryForList(
            "select sent_at from message where contact_id = ? and channel = 'email'"
                + " and status in ('SENT', 'SANDBOX') and sent_at is not null"
                + " order by sent_at desc limit "
                + n,
            Timestamp.class,
            contactId);
    if (sent.size() < n) {
      return false;
    }
    Integer engaged =
        jdbc.queryForObject(
            "select count(*) from event where contact_id = ?"
                + " and type in ('email.opened', 'email.clicked') and occurred_at >= ?",
            Integer.class,
            contactId,
            sent.get(sent.size() - 1));
    return engaged == null || engaged == 0;
  }
}
