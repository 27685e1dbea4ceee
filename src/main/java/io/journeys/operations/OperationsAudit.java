package io.journeys.operations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code journey_operation_audit} table: who changed what of a journey, when. */
@Repository
class OperationsAudit {

  /** One change. */
  record Change(long id, String actor, String action, String detail, Instant at) {}

  /** The actor of changes no person made (the maximum pause). */
  static final String SYSTEM = "system";

  private final JdbcTemplate jdbc;

  OperationsAudit(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Records a change by the authenticated caller (or {@link #SYSTEM} without one). */
  void record(String processKey, String action, String detail, Instant now) {
    jdbc.update(
        "insert into journey_operation_audit (process_key, actor, action, detail, at)"
            + " values (?, ?, ?, ?, ?)",
        processKey,
        OperationsAuditActor.current(),
        action,
        detail,
        Timestamp.from(now));
  }

  List<Change> of(String processKey, int limit) {
    return jdbc.query(
        "select id, actor, action, detail, at from journey_operation_audit"
            + " where process_key = ? order by id desc fetch first "
            + limit
            + " rows only",
        (rs, n) ->
            new Change(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getTimestamp(5).toInstant()),
        processKey);
  }
}
