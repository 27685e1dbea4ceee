package io.journeys.segment;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Who is in a segment now ({@code segment_member}, primary key segment and contact) and every stay
 * with its end ({@code segment_membership}, open while {@code left_at} is null). An entry is the
 * primary-key insert: of two transactions entering the same contact at once (an event and the
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

  @Override
  public boolean isMember(String segment, String contactId) {
    return !membersAmong(segment, List.of(contactId)).isEmpty();
  }

  /** Which of these contacts are in the segment now. */
  Set<String> membersAmong(String segment, Collection<String> contactIds) {
    if (contactIds.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        named.queryForList(
            "select contact_id from segment_member where segment = :segment"
                + " and contact_id in (:ids)",
            Map.of("segment", segment, "ids", contactIds),
            String.class));
  }

  /** Enters the contact; answers false when it is a member already (or became one concurrently). */
  boolean enter(String segment, String contactId, Instant at) {
    Timestamp now = Timestamp.from(at);
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      try { // auto-commit: no savepoint needed (nor possible)
        jdbc.update(
            "insert into segment_member (segment, contact_id, entered_at) values (?, ?, ?)",
            segment,
            contactId,
            now);
      } catch (DuplicateKeyException member) {
        return false;
      }
      jdbc.update(
          "insert into segment_membership (segment, contact_id, entered_at) values (?, ?, ?)",
          segment,
          contactId,
          now);
      return true;
    }
    Connection connection = DataSourceUtils.getConnection(jdbc.getDataSource());
    try {
      Savepoint beforeInsert = connection.setSavepoint();
      try {
        jdbc.update(
            "insert into segment_member (segment, contact_id, entered_at) values (?, ?, ?)",
            segment,
            contactId,
            now);
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
    jdbc.update(
        "insert into segment_membership (segment, contact_id, entered_at) values (?, ?, ?)",
        segment,
        contactId,
        now);
    return true;
  }

  /**
   * Enters these contacts (none of them a member when the caller looked): one JDBC batch on a
   * savepoint; when another transaction entered one of them meanwhile, the batch is rolled back to
   * the savepoint and the contacts are entered one by one. Answers those this call entered.
   */
  List<String> enterAll(String segment, List<String> contactIds, Instant at) {
    if (contactIds.size() < 2 || !TransactionSynchronizationManager.isActualTransactionActive()) {
      return contactIds.stream().filter(contactId -> enter(segment, contactId, at)).toList();
    }
    Timestamp now = Timestamp.from(at);
    Connection connection = DataSourceUtils.getConnection(jdbc.getDataSource());
    try {
      Savepoint beforeInsert = connection.setSavepoint();
      try {
        insert("segment_member", segment, contactIds, now);
      } catch (DataIntegrityViolationException concurrentEntry) {
        connection.rollback(beforeInsert);
        return contactIds.stream().filter(contactId -> enter(segment, contactId, at)).toList();
      }
      connection.releaseSavepoint(beforeInsert);
    } catch (SQLException e) {
      throw new IllegalStateException("savepoint for segment entries failed", e);
    } finally {
      DataSourceUtils.releaseConnection(connection, jdbc.getDataSource());
    }
    insert("segment_membership", segment, contactIds, now);
    return contactIds;
  }

  /**
   * Takes these contacts out (one JDBC batch); answers those that were members and are no longer.
   */
  List<String> leaveAll(String segment, List<String> contactIds, Instant at, String reason) {
    if (contactIds.isEmpty()) {
      return List.of();
    }
    int[][] deleted =
        jdbc.batchUpdate(
            "delete from segment_member where segment = ? and contact_id = ?",
            contactIds,
            contactIds.size(),
            (ps, contactId) -> {
              ps.setString(1, segment);
              ps.setString(2, contactId);
            });
    List<String> left = new ArrayList<>();
    for (int i = 0; i < contactIds.size(); i++) {
      int n = deleted[0][i];
      if (n > 0 || n == Statement.SUCCESS_NO_INFO) {
        left.add(contactIds.get(i));
      }
    }
    Timestamp now = Timestamp.from(at);
    jdbc.batchUpdate(
        "update segment_membership set left_at = ?, left_reason = ? where segment = ?"
            + " and contact_id = ? and left_at is null",
        left,
        left.size(),
        (ps, contactId) -> {
          ps.setTimestamp(1, now);
          ps.setString(2, reason);
          ps.setString(3, segment);
          ps.setString(4, contactId);
        });
    return left;
  }

  private void insert(String table, String segment, List<String> contactIds, Timestamp at) {
    jdbc.batchUpdate(
        "insert into " + table + " (segment, contact_id, entered_at) values (?, ?, ?)",
        contactIds,
        contactIds.size(),
        (ps, contactId) -> {
          ps.setString(1, segment);
          ps.setString(2, contactId);
          ps.setTimestamp(3, at);
        });
  }

  /** Members in contact id order after {@code after} (exclusive), at most {@code limit}. */
  List<String> page(String segment, String after, int limit) {
    return jdbc.queryForList(
        "select contact_id from segment_member where segment = ? and contact_id > ?"
            + " order by contact_id limit ?",
        String.class,
        segment,
        after == null ? "" : after,
        limit);
  }

  @Override
  public boolean exists(String segmentKey) {
    Integer n =
        jdbc.queryForObject(
            "select count(*) from segment where segment_key = ?", Integer.class, segmentKey);
    return n != null && n > 0;
  }

  @Override
  public List<String> members(String segmentKey, String after, int limit) {
    return page(segmentKey, after, limit);
  }

  /** Members per segment. */
  Map<String, Long> sizes() {
    Map<String, Long> sizes = new HashMap<>();
    jdbc.query(
        "select segment, count(*) from segment_member group by segment",
        rs -> {
          sizes.put(rs.getString(1), rs.getLong(2));
        });
    return sizes;
  }

  long size(String segment) {
    Long n =
        jdbc.queryForObject(
            "select count(*) from segment_member where segment = ?", Long.class, segment);
    return n == null ? 0 : n;
  }

  /** Forgets a segment's members and stays (the segment is being deleted). */
  void dropAll(String segment) {
    jdbc.update("delete from segment_member where segment = ?", segment);
    jdbc.update("delete from segment_membership where segment = ?", segment);
  }
}
