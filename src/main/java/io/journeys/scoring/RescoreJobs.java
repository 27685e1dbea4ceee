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

  /** A batch of a job: the contacts with an id after {@code afterContact} up to {@code upTo}. */
  record Batch(int tableVersion, int seq, String afterContact, String upTo) {}

  /** Whether the job of a version has its batches planned. */
  boolean planned(int version) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "select count(*) > 0 from score_rescore_batch where table_version = :v",
            Map.of("v", version),
            Boolean.class));
  }

  /**
   * Plans the batches of a version's job, pending: ranges after {@code afterContact} up to each of
   * {@code ends} in turn, then one open range after the last (contacts created meanwhile).
   */
  void plan(int version, String afterContact, List<String> ends) {
    List<MapSqlParameterSource> rows = new java.util.ArrayList<>(ends.size() + 1);
    String after = afterContact;
    for (int i = 0; i <= ends.size(); i++) {
      String upTo = i < ends.size() ? ends.get(i) : null;
      rows.add(
          new MapSqlParameterSource("v", version)
              .addValue("seq", i)
              .addValue("after", after)
              .addValue("upTo", upTo)
              .addValue("status", RUNNING));
      after = upTo;
    }
    jdbc.batchUpdate(
        "insert into score_rescore_batch (table_version, seq, after_contact, up_to, status)"
            + " values (:v, :seq, :after, :upTo, :status)",
        rows.toArray(MapSqlParameterSource[]::new));
  }

  /**
   * Locks the first pending batch of a version that no other transaction holds, without waiting,
   * until the end of the transaction.
   */
  Optional<Batch> claim(int version) {
    return jdbc
        .query(
            "select table_version, seq, after_contact, up_to from score_rescore_batch"
                + " where table_version = :v and status = :status order by seq"
                + " fetch first 1 rows only for update skip locked",
            new MapSqlParameterSource("v", version).addValue("status", RUNNING),
            (rs, i) ->
                new Batch(
                    rs.getInt("table_version"),
                    rs.getInt("seq"),
                    rs.getString("after_contact"),
                    rs.getString("up_to")))
        .stream()
        .findFirst();
  }

  /** How many batches of a version are not done (pending, or being done by another thread). */
  long unfinished(int version) {
    Long n =
        jdbc.queryForObject(
            "select count(*) from score_rescore_batch where table_version = :v and status <> :done",
            new MapSqlParameterSource("v", version).addValue("done", DONE),
            Long.class);
    return n == null ? 0 : n;
  }

  /**
   * Marks a batch done with its count of contacts and adds them to its job's progress (the job's
   * row is locked from here to the end of the transaction: the caller's last statement).
   */
  void finish(Batch batch, List<String> contactIds, Instant now) {
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    jdbc.update(
        "update score_rescore_batch set status = :done, contacts = :n, finished_at = :now"
            + " where table_version = :v and seq = :seq",
        new MapSqlParameterSource("v", batch.tableVersion())
            .addValue("seq", batch.seq())
            .addValue("done", DONE)
            .addValue("n", contactIds.size())
            .addValue("now", at));
    String last = contactIds.isEmpty() ? null : contactIds.get(contactIds.size() - 1);
    jdbc.update(
        "update score_rescore set processed = processed + :n, updated_at = :now"
            + (last == null
                ? ""
                : ", after_contact = case when after_contact is null or after_contact < :last"
                    + " then :last else after_contact end")
            + " where table_version = :v",
        new MapSqlParameterSource("v", batch.tableVersion())
            .addValue("n", contactIds.size())
            .addValue("last", last)
            .addValue("now", at));
  }

  /** Marks the job of a version done, unless it is; answers whether this call did. */
  boolean complete(int version, Instant now) {
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    return jdbc.update(
            "update score_rescore set status = :done, updated_at = :now, finished_at = :now"
                + " where table_version = :v and status <> :done",
            new MapSqlParameterSource("v", version).addValue("done", DONE).addValue("now", at))
        > 0;
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
