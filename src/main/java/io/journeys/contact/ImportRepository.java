package io.journeys.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.config.EngineClock;
import io.journeys.contact.ImportReport.Counts;
import io.journeys.contact.ImportReport.Rejection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The contact_import table. Progress is written in its own transaction, so that it is visible while
 * the import's own transaction is still open.
 */
@Repository
class ImportRepository {

  private static final TypeReference<List<Rejection>> REJECTIONS = new TypeReference<>() {};

  private final NamedParameterJdbcTemplate jdbc;
  private final ObjectMapper json;
  private final TransactionTemplate separate;

  ImportRepository(
      NamedParameterJdbcTemplate jdbc, ObjectMapper json, PlatformTransactionManager tm) {
    this.jdbc = jdbc;
    this.json = json;
    this.separate = new TransactionTemplate(tm);
    this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** A new running import of {@code nodeId}, with its first heartbeat. */
  void create(String id, String fileName, Instant now, String nodeId) {
    separate.executeWithoutResult(
        s ->
            jdbc.update(
                "insert into contact_import (id, status, file_name, created_at, node_id, heartbeat_at)"
                    + " values (:id, :status, :fileName, :now, :node, :now)",
                new MapSqlParameterSource()
                    .addValue("id", id)
                    .addValue("status", ImportReport.RUNNING)
                    .addValue("fileName", fileName)
                    .addValue("node", nodeId)
                    .addValue("now", ContactRepository.utc(now))));
  }

  /** Renews the heartbeat of the running imports of {@code nodeId}. */
  int heartbeat(String nodeId, Instant now) {
    return separate.execute(
        s ->
            jdbc.update(
                "update contact_import set heartbeat_at = :now where node_id = :node and status = :running",
                new MapSqlParameterSource()
                    .addValue("node", nodeId)
                    .addValue("now", ContactRepository.utc(now))
                    .addValue("running", ImportReport.RUNNING)));
  }

  /**
   * Fails running imports with {@code reason}: those of {@code nodeId}, or, when it is {@code
   * null}, those of any node without a heartbeat since {@code staleBefore} (imports from before
   * heartbeats existed count from their creation). Answers their ids.
   */
  List<String> failRunning(String nodeId, Instant staleBefore, String reason, Instant now) {
    MapSqlParameterSource p =
        new MapSqlParameterSource()
            .addValue("node", nodeId)
            .addValue("staleBefore", ContactRepository.utc(staleBefore))
            .addValue("running", ImportReport.RUNNING)
            .addValue("failed", ImportReport.FAILED)
            .addValue("reason", reason)
            .addValue("now", ContactRepository.utc(now));
    String which =
        nodeId != null
            ? " and node_id = :node"
            : " and coalesce(heartbeat_at, created_at) < :staleBefore";
    return separate.execute(
        s -> {
          List<String> ids =
              jdbc.queryForList(
                  "select id from contact_import where status = :running" + which, p, String.class);
          if (!ids.isEmpty()) { // the condition again: a heartbeat may have come in meanwhile
            jdbc.update(
                "update contact_import set status = :failed, error = :reason, finished_at = :now"
                    + " where status = :running"
                    + which
                    + " and id in (:ids)",
                p.addValue("ids", ids));
          }
          return ids;
        });
  }

  /**
   * Records counts and status. A running import's progress is its heartbeat too, and never revives
   * an import that was already failed as interrupted; its final outcome is always kept.
   */
  void progress(String id, Counts c, String status, String error, Instant finishedAt) {
    String rejections;
    try {
      rejections = json.writeValueAsString(c.rejections);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("rejections are plain records", e);
    }
    separate.executeWithoutResult(
        s ->
            jdbc.update(
                "update contact_import set status = :status, read_rows = :read, inserted = :inserted,"
                    + " updated = :updated, merged = :merged, rejected = :rejected,"
                    + " rejections = :rejections, error = :error, finished_at = :finishedAt,"
                    + " heartbeat_at = :now where id = :id"
                    + (ImportReport.RUNNING.equals(status) ? " and status = :status" : ""),
                new MapSqlParameterSource()
                    .addValue("id", id)
                    .addValue("now", ContactRepository.utc(EngineClock.now()))
                    .addValue("status", status)
                    .addValue("read", c.read)
                    .addValue("inserted", c.inserted)
                    .addValue("updated", c.updated)
                    .addValue("merged", c.merged)
                    .addValue("rejected", c.rejected)
                    .addValue("rejections", rejections)
                    .addValue("error", error)
                    .addValue(
                        "finishedAt",
                        finishedAt == null ? null : ContactRepository.utc(finishedAt))));
  }

  Optional<ImportReport> find(String id) {
    return jdbc
        .query(
            "select * from contact_import where id = :id",
            Map.of("id", id),
            (rs, i) -> {
              long read = rs.getLong("read_rows");
              long rejected = rs.getLong("rejected");
              OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
              return new ImportReport(
                  rs.getString("id"),
                  rs.getString("status"),
                  rs.getString("file_name"),
                  read,
                  rs.getLong("inserted"),
                  rs.getLong("updated"),
                  rs.getLong("merged"),
                  rejected,
                  read == 0 ? 0.0 : (double) rejected / read,
                  rejections(rs.getString("rejections")),
                  rs.getString("error"),
                  rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                  finished == null ? null : finished.toInstant());
            })
        .stream()
        .findFirst();
  }

  private List<Rejection> rejections(String text) {
    if (text == null) {
      return List.of();
    }
    try {
      return json.readValue(text, REJECTIONS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored rejections are not JSON", e);
    }
  }
}
