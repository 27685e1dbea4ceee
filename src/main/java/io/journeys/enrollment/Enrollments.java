package io.journeys.enrollment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Tables {@code enrollment} and {@code enrollment_contact}. */
@Repository
class Enrollments {

  private static final String COLUMNS =
      "id, process_key, segment_key, status, position, requested,"
          + " enrolled, skipped_running, skipped_reentry, skipped_missing, batches, owner_node, error,"
          + " created_at, finished_at";

  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;

  Enrollments(NamedParameterJdbcTemplate named) {
    this.named = named;
    this.jdbc = named.getJdbcTemplate();
  }

  void create(
      String id, String processKey, String segmentKey, Collection<String> contactIds, Instant at) {
    jdbc.update(
        "insert into enrollment (id, process_key, segment_key, status, position, requested, created_at)"
            + " values (?, ?, ?, ?, '', ?, ?)",
        id,
        processKey,
        segmentKey,
        Enrollment.PENDING,
        segmentKey == null ? contactIds.size() : null,
        Timestamp.from(at));
    if (segmentKey == null) {
      jdbc.batchUpdate(
          "insert into enrollment_contact (enrollment_id, contact_id) values (?, ?)",
          contactIds,
          1000,
          (ps, contactId) -> {
            ps.setString(1, id);
            ps.setString(2, contactId);
          });
    }
  }

  Optional<Enrollment> find(String id) {
    return jdbc
        .query("select " + COLUMNS + " from enrollment where id = ?", Enrollments::read, id)
        .stream()
        .findFirst();
  }

  /** Enrollments waiting for a node: pending, or running on a node whose lease ran out. */
  List<String> claimable(Instant staleBefore, int limit) {
    return jdbc.queryForList(
        "select id from enrollment where status in ('pending', 'running')"
            + " and (owner_node is null or heartbeat_at < ?) order by created_at limit ?",
        String.class,
        Timestamp.from(staleBefore),
        limit);
  }

  /** Takes the lease if it is still free or stale; only one of two nodes asking at once gets it. */
  boolean claim(String id, String node, Instant now, Instant staleBefore) {
    return jdbc.update(
            "update enrollment set status = 'running', owner_node = ?, heartbeat_at = ?"
                + " where id = ? and status in ('pending', 'running') and (owner_node is null or heartbeat_at < ?)",
            node,
            Timestamp.from(now),
            id,
            Timestamp.from(staleBefore))
        == 1;
  }

  /**
   * Renews the lease and locks the row until the batch's transaction ends, so no other node can
   * take the enrollment over while a batch runs; false when this node no longer holds it.
   */
  boolean renew(String id, String node, Instant now) {
    return jdbc.update(
            "update enrollment set heartbeat_at = ? where id = ? and owner_node = ?"
                + " and status = 'running'",
            Timestamp.from(now),
            id,
            node)
        == 1;
  }

  /** The next contacts of a list enrollment after its position. */
  List<String> listed(String id, String after, int limit) {
    return jdbc.queryForList(
        "select contact_id from enrollment_contact where enrollment_id = ?"
            + " and contact_id > ? order by contact_id limit ?",
        String.class,
        id,
        after,
        limit);
  }

  void advance(String id, String position, BatchOutcome outcome) {
    jdbc.update(
        "update enrollment set position = ?, enrolled = enrolled + ?, skipped_running = skipped_running + ?,"
            + " skipped_reentry = skipped_reentry + ?, skipped_missing = skipped_missing + ?, batches = batches + 1"
            + " where id = ?",
        position,
        outcome.enrolled(),
        outcome.running(),
        outcome.reentry(),
        outcome.missing(),
        id);
  }

  void finish(String id, String status, String error, Instant at) {
    jdbc.update(
        "update enrollment set status = ?, error = ?, finished_at = ?, owner_node = null where id = ?",
        status,
        error,
        Timestamp.from(at),
        id);
  }

  /** At shutdown: gives this node's leases back, so another node goes on at once. */
  void release(String node) {
    jdbc.update(
        "update enrollment set owner_node = null where owner_node = ? and status = 'running'",
        node);
  }

  /** An erased contact leaves the lists it was in. */
  void forget(String contactId) {
    jdbc.update("delete from enrollment_contact where contact_id = ?", contactId);
  }

  /** A merged contact's place in the lists goes to the survivor (once per list). */
  void rekey(String mergedId, String survivorId) {
    named.update(
        "update enrollment_contact set contact_id = :survivor where contact_id = :merged"
            + " and enrollment_id not in (select enrollment_id from enrollment_contact where contact_id = :survivor)",
        Map.of("merged", mergedId, "survivor", survivorId));
    forget(mergedId);
  }

  private static Enrollment read(ResultSet rs, int row) throws SQLException {
    return new Enrollment(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        (Integer) rs.getObject(6, Integer.class),
        rs.getInt(7),
        rs.getInt(8),
        rs.getInt(9),
        rs.getInt(10),
        rs.getInt(11),
        rs.getString(12),
        rs.getString(13),
        instant(rs.getObject(14, OffsetDateTime.class)),
        instant(rs.getObject(15, OffsetDateTime.class)));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
