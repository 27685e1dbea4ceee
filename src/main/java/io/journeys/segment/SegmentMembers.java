package io.journeys.segment;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Who is in a segment now ({@code segment_member}, primary key segment and contact) and every
 * stay with its end ({@code segment_membership}, open while {@code left_at} is null). An entry is
 * the primary-key insert: of two transactions entering the same contact at once (an event and the
 * nightly pass, on any nodes) the second waits for the first and then fails on the key, on a
 * savepoint that keeps its transaction usable; so a contact enters once and only the transaction
 * that entered it announces the entry. A leave is the delete, which only one transaction wins.
 */
@Repository
class SegmentMembers implements SegmentDirectory {

  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;

  SegmentMembers(NamedParameterJdbcTemplate named) {
    this.named = named;
    this.jdbc = named.getJdbcTemplate();
  }

  /** Which of these contacts are in the segment now. */
  Set<String> membersAmong(String segment, Collection<String> contactIds) {
    if (contactIds.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(named.queryForList("select contact_id from segment_member where segment = :segment"
        + " and contact_id in (:ids)", Map.of("segment", segment, "ids", contactIds), String.class));
  }

  /** Enters the contact; answers false when it is a member already (or became one concurrently). */
  boolean enter(String segment, String contactId, Instant at) {
    Timestamp now = Timestamp.from(at);
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      try { // auto-commit: no savepoint needed (nor possible)
        jdbc.update("insert into segment_member (segment, contact_id, entered_at) values (?, ?, ?)",
            segment, contactId, now);
      } catch (DuplicateKeyException member) {
        return false;
      }
      jdbc.update("insert into segment_membership (segment, contact_id, entered_at) values (?, ?, ?)",
          segment, contactId, now);
      return true;
    }
    Connection connection = DataSourceUtils.getConnection(jdbc.getDataSource());
    try {
      Savepoint beforeInsert = connection.setSavepoint();
      try {
        jdbc.update("insert into segment_member (segment, contact_id, entered_at) values (?, ?, ?)",
            segment, contactId, now);
      } catch (DuplicateKeyException member) {
        connection.rollback(beforeInsert);
        return false;
      }
      connection.releaseSavepoint(beforeInsert);
    } catch (SQLException e) {
      throw new IllegalStateException("savepoint for a segment entry failed", e);
    } finally {
      DataSourceUtils.releaseConnection(connection, jdbc.getDataSource());
    }
    jdbc.update("insert into segment_membership (segment, contact_id, entered_at) values (?, ?, ?)",
        segment, contactId, now);
    return true;
  }

  /** Takes the contact out; answers false when it was no member. */
  boolean leave(String segment, String contactId, Instant at, String reason) {
    if (jdbc.update("delete from segment_member where segment = ? and contact_id = ?", segment, contactId) == 0) {
      return false;
    }
    jdbc.update("update segment_membership set left_at = ?, left_reason = ? where segment = ?"
        + " and contact_id = ? and left_at is null", Timestamp.from(at), reason, segment, contactId);
    return true;
  }

  /** Members in contact id order after {@code after} (exclusive), at most {@code limit}. */
  List<String> page(String segment, String after, int limit) {
    return jdbc.queryForList("select contact_id from segment_member where segment = ? and contact_id > ?"
        + " order by contact_id limit ?", String.class, segment, after == null ? "" : after, limit);
  }

  @Override
  public boolean exists(String segmentKey) {
    Integer n = jdbc.queryForObject("select count(*) from segment where segment_key = ?", Integer.class, segmentKey);
    return n != null && n > 0;
  }

  @Override
  public List<String> members(String segmentKey, String after, int limit) {
    return page(segmentKey, after, limit);
  }

  /** Members per segment. */
  Map<String, Long> sizes() {
    Map<String, Long> sizes = new HashMap<>();
    jdbc.query("select segment, count(*) from segment_member group by segment",
        rs -> {
          sizes.put(rs.getString(1), rs.getLong(2));
        });
    return sizes;
  }

  long size(String segment) {
    Long n = jdbc.queryForObject("select count(*) from segment_member where segment = ?", Long.class, segment);
    return n == null ? 0 : n;
  }

  /** Forgets a segment's members and stays (the segment is being deleted). */
  void dropAll(String segment) {
    jdbc.update("delete from segment_member where segment = ?", segment);
    jdbc.update("delete from segment_membership where segment = ?", segment);
  }
}
