package io.journeys.broadcast;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code broadcast} and {@code broadcast_recipient} tables. */
@Repository
class BroadcastStore {

  /** A broadcast as stored. */
  record Row(
      String id,
      String name,
      String channel,
      String template,
      java.time.LocalDate date,
      LocalTime time,
      String timezone,
      boolean localTime,
      Integer batchSize,
      String processInstanceId,
      String createdBy,
      Instant createdAt,
      Instant cancelledAt,
      String cancelledBy) {}

  /** A batch: its number, when it starts (its earliest send time) and its size. */
  record Batch(int batch, Instant startsAt, long recipients) {}

  private static final String COLUMNS =
      "id, name, channel, template, send_date, send_time,"
          + " timezone, local_time, batch_size, process_instance_id, created_by, created_at,"
          + " cancelled_at, cancelled_by";

  private final JdbcTemplate jdbc;

  BroadcastStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void insert(Row r, List<BroadcastSchedule.Slot> slots) {
    jdbc.update(
        "insert into broadcast (id, name, channel, template, send_date, send_time,"
            + " timezone, local_time, batch_size, created_by, created_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.id(),
        r.name(),
        r.channel(),
        r.template(),
        r.date(),
        r.time().toString(),
        r.timezone(),
        r.localTime(),
        r.batchSize(),
        r.createdBy(),
        utc(r.createdAt()));
    jdbc.batchUpdate(
        "insert into broadcast_recipient (broadcast_id, contact_id, position, batch,"
            + " send_at) values (?, ?, ?, ?, ?)",
        slots,
        1000,
        (ps, slot) -> {
          ps.setString(1, r.id());
          ps.setString(2, slot.contactId());
          ps.setInt(3, slot.position());
          ps.setInt(4, slot.batch());
          ps.setObject(5, utc(slot.sendAt()));
        });
  }

  void started(String id, String processInstanceId) {
    jdbc.update("update broadcast set process_instance_id = ? where id = ?", processInstanceId, id);
  }

  boolean cancel(String id, Instant at, String by) {
    return jdbc.update(
            "update broadcast set cancelled_at = ?, cancelled_by = ? where id = ?"
                + " and cancelled_at is null",
            utc(at),
            by,
            id)
        == 1;
  }

  Optional<Row> find(String id) {
    return jdbc
        .query("select " + COLUMNS + " from broadcast where id = ?", BroadcastStore::row, id)
        .stream()
        .findFirst();
  }

  List<Row> latest(int limit) {
    return jdbc.query(
        "select " + COLUMNS + " from broadcast order by created_at desc limit ?",
        BroadcastStore::row,
        limit);
  }

  List<Batch> batches(String id) {
    return jdbc.query(
        "select batch, min(send_at) as starts_at, count(*) as n"
            + " from broadcast_recipient where broadcast_id = ? group by batch order by batch",
        (rs, n) ->
            new Batch(
                rs.getInt("batch"),
                rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
                rs.getLong("n")),
        id);
  }

  List<String> recipients(String id, int batch) {
    return jdbc.queryForList(
        "select contact_id from broadcast_recipient where broadcast_id = ?"
            + " and batch = ? order by position",
        String.class,
        id,
        batch);
  }

  Optional<Instant> sendAt(String id, String contactId) {
    return jdbc
        .query(
            "select send_at from broadcast_recipient where broadcast_id = ?"
                + " and contact_id = ?",
            (rs, n) -> rs.getObject("send_at", OffsetDateTime.class).toInstant(),
            id,
            contactId)
        .stream()
        .findFirst();
  }

  void forget(String contactId) {
    jdbc.update("delete from broadcast_recipient where contact_id = ?", contactId);
  }

  /** Re-keys the merged contact's rows to the survivor; a broadcast that has both keeps one. */
  void rekey(String mergedId, String survivorId) {
    jdbc.update(
        "delete from broadcast_recipient where contact_id = ? and broadcast_id in"
            + " (select broadcast_id from broadcast_recipient where contact_id = ?)",
        mergedId,
        survivorId);
    jdbc.update(
        "update broadcast_recipient set contact_id = ? where contact_id = ?", survivorId, mergedId);
  }

  private static OffsetDateTime utc(Instant at) {
    return at == null ? null : at.atOffset(ZoneOffset.UTC);
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    OffsetDateTime cancelled = rs.getObject("cancelled_at", OffsetDateTime.class);
    Integer batchSize = rs.getObject("batch_size", Integer.class);
    return new Row(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("channel"),
        rs.getString("template"),
        rs.getObject("send_date", java.time.LocalDate.class),
        LocalTime.parse(rs.getString("send_time")),
        rs.getString("timezone"),
        rs.getBoolean("local_time"),
        batchSize,
        rs.getString("process_instance_id"),
        rs.getString("created_by"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        cancelled == null ? null : cancelled.toInstant(),
        rs.getString("cancelled_by"));
  }
}
