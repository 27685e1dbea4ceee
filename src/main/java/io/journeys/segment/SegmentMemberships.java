package io.journeys.segment;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Table {@code segment_membership}: one row per stay of a contact in a segment, open while
 * {@code left_at} is null. Set-based SQL only, the same on H2 and PostgreSQL.
 */
@Repository
class SegmentMemberships {

  private final JdbcTemplate jdbc;

  SegmentMemberships(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Locks the segment's row until the caller's transaction ends, so that batches of two scans
   * (on any node) run one after the other and the second sees what the first entered.
   */
  void lock(String segment, Instant at) {
    if (jdbc.update("update segment set last_batch_at = ? where segment_key = ?", Timestamp.from(at), segment) != 1) {
      throw new IllegalStateException("segment '" + segment + "' is not in table segment");
    }
  }

  /**
   * The next contacts, in id order after {@code after}, that were created before
   * {@code createdBefore}, have no event of {@code orderType} since {@code orderedSince} and are
   * not in the segment: one indexed pass over the contacts, a page at a time. The cursor is
   * repeated inside the {@code not exists}: PostgreSQL plans them as merge anti-joins, and
   * without it their index scans would start at the first contact on every page (time growing
   * with the square of the contacts).
   */
  List<String> nextEntering(String segment, String after, Instant createdBefore, String orderType,
      Instant orderedSince, int limit) {
    return jdbc.queryForList("""
        select c.id from contact c
        where c.id > ? and c.created_at < ?
          and not exists (select 1 from event e
                          where e.contact_id = c.id and e.contact_id > ?
                            and e.type = ? and e.occurred_at >= ?)
          and not exists (select 1 from segment_membership m
                          where m.contact_id = c.id and m.contact_id > ?
                            and m.segment = ? and m.left_at is null)
        order by c.id
        limit ?""", String.class, after, Timestamp.from(createdBefore), after, orderType,
        Timestamp.from(orderedSince), after, segment, limit);
  }

  /** Opens a stay in the segment for each contact (one multi-row batch). */
  void enter(String segment, List<String> contactIds, Instant at) {
    Timestamp now = Timestamp.from(at);
    jdbc.batchUpdate("insert into segment_membership (segment, contact_id, entered_at) values (?, ?, ?)",
        contactIds, contactIds.size(), (statement, contactId) -> {
          statement.setString(1, segment);
          statement.setString(2, contactId);
          statement.setTimestamp(3, now);
        });
  }

  /** Closes the contact's open stay in the segment, if any; answers whether there was one. */
  boolean leave(String segment, String contactId, Instant at, String reason) {
    return jdbc.update("update segment_membership set left_at = ?, left_reason = ?"
        + " where contact_id = ? and segment = ? and left_at is null",
        Timestamp.from(at), reason, contactId, segment) > 0;
  }
}
