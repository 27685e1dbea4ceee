package io.journeys.scoring;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The score_rescore table: one row per table version, its cursor and progress. */
@Repository
class RescoreJobs {

  static final String RUNNING = "running";
  static final String DONE = "done";

  /** A re-scoring of every contact under one table version. */
  record Job(
      int tableVersion,
      String status,
      String afterContact,
      long processed,
      long total,
      Instant startedAt,
      Instant updatedAt,
      Instant finishedAt) {}

  private final NamedParameterJdbcTemplate jdbc;

  RescoreJobs(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  List<Job> all() {
    return jdbc.query(
        "select * from score_rescore order by table_version desc", (rs, i) -> map(rs));
  }

  /** Locks and reads the job of a version until the end of the transaction. */
  Optional<Job> lock(int version) {
    return jdbc
        .query(
            "select * from score_rescore where table_version = :v for update",
            Map.of("v", version),
            (rs, i) -> map(rs))
        .stream()
        .findFirst();
  }

  Optional<Job> find(int version) {
    return jdbc
        .query(
            "select * from score_rescore where table_version = :v",
            Map.of("v", version),
            (rs, i) -> map(rs))
        .stream()
        .findFirst();
  }

  /** Creates the job of a version unless it exists (another node may have created it). */
  void create(int version, long total, Instant now) {
    try {
      jdbc.update(
          "insert into score_rescore (table_version, status, processed, total, started_at,"
              + " updated_at) values (:v, :status, 0, :total, :now, :now)",
          new MapSqlParameterSource("v", version)
              .addValue("status", RUNNING)
              .addValue("total", total)
              .addValue("now", now.atOffset(ZoneOffset.UTC)));
    } catch (org.springframework.dao.DuplicateKeyException e) {
      // created by another node meanwhile
    }
  }

  void advance(int version, String afterContact, int processed, boolean done, Instant now) {
    jdbc.update(
        "update score_rescore set after_contact = :after, processed = processed + :n,"
            + " status = :status, updated_at = :now, finished_at = :finished where table_version = :v",
        new MapSqlParameterSource("v", version)
            .addValue("after", afterContact)
            .addValue("n", processed)
            .addValue("status", done ? DONE : RUNNING)
            .addValue("now", now.atOffset(ZoneOffset.UTC))
            .addValue("finished", done ? now.atOffset(ZoneOffset.UTC) : null));
  }

  private static Job map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Job(
        rs.getInt("table_version"),
        rs.getString("status"),
        rs.getString("after_contact"),
        rs.getLong("processed"),
        rs.getLong("total"),
        instant(rs.getObject("started_at", OffsetDateTime.class)),
        instant(rs.getObject("updated_at", OffsetDateTime.class)),
        instant(rs.getObject("finished_at", OffsetDateTime.class)));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
