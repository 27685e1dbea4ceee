package io.journeys.event;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The append-only event table; the event id is the idempotency key. */
@Repository
class EventStore {

  private static final int CHUNK = 1000;

  /** A row to insert. */
  record Row(
      String id, String type, String contactId, OffsetDateTime occurredAt, String properties) {}

  private final NamedParameterJdbcTemplate named;
  private final JdbcTemplate jdbc;

  EventStore(NamedParameterJdbcTemplate named) {
    this.named = named;
    this.jdbc = named.getJdbcTemplate();
  }

  /** Which of these ids are stored already. */
  Set<String> existing(Collection<String> ids) {
    Set<String> found = new HashSet<>();
    List<String> all = List.copyOf(ids);
    for (int from = 0; from < all.size(); from += CHUNK) {
      found.addAll(
          named.queryForList(
              "select id from event where id in (:ids)",
              Map.of("ids", all.subList(from, Math.min(all.size(), from + CHUNK))),
              String.class));
    }
    return found;
  }

  void insert(List<Row> rows, Instant receivedAt) {
    OffsetDateTime received = receivedAt.atOffset(ZoneOffset.UTC);
    jdbc.batchUpdate(
        "insert into event (id, type, contact_id, occurred_at, received_at, properties)"
            + " values (?, ?, ?, ?, ?, ?)",
        rows,
        CHUNK,
        (ps, row) -> {
          ps.setString(1, row.id());
          ps.setString(2, row.type());
          ps.setString(3, row.contactId());
          ps.setObject(4, row.occurredAt().withOffsetSameInstant(ZoneOffset.UTC));
          ps.setObject(5, received);
          ps.setString(6, row.properties());
        });
  }
}
