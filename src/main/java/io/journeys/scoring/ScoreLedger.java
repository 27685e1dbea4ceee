package io.journeys.scoring;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The append-only score_ledger table: rows are inserted, never updated (merge re-keys them). */
@Repository
class ScoreLedger {

  private static final int CHUNK = 1000;

  private final NamedParameterJdbcTemplate jdbc;

  ScoreLedger(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The entries of these contacts for one table version, per contact, oldest first. */
  Map<String, List<LedgerEntry>> entries(Collection<String> contactIds, int version) {
    Map<String, List<LedgerEntry>> found = new LinkedHashMap<>();
    List<String> all = List.copyOf(contactIds);
    for (int from = 0; from < all.size(); from += CHUNK) {
      jdbc.query(
          "select contact_id, criterion, dimension, points, validity, source_event_id, occurred_at"
              + " from score_ledger where table_version = :v and contact_id in (:ids)"
              + " order by occurred_at, id",
          Map.of("v", version, "ids", all.subList(from, Math.min(all.size(), from + CHUNK))),
          rs -> {
            String contact = rs.getString("contact_id");
            found
                .computeIfAbsent(contact, k -> new ArrayList<>())
                .add(
                    new LedgerEntry(
                        contact,
                        version,
                        rs.getString("criterion"),
                        rs.getString("dimension"),
                        rs.getDouble("points"),
                        Validity.parse(rs.getString("validity")),
                        rs.getString("source_event_id"),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant()));
          });
    }
    return found;
  }

  void insert(List<LedgerEntry> entries, Instant now) {
    if (entries.isEmpty()) {
      return;
    }
    OffsetDateTime recorded = now.atOffset(ZoneOffset.UTC);
    jdbc.getJdbcTemplate()
        .batchUpdate(
            "insert into score_ledger (contact_id, table_version, criterion, dimension, points, validity,"
                + " source_event_id, occurred_at, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            entries,
            CHUNK,
            (ps, e) -> {
              ps.setString(1, e.contactId());
              ps.setInt(2, e.tableVersion());
              ps.setString(3, e.criterion());
              ps.setString(4, e.dimension());
              ps.setDouble(5, e.points());
              ps.setString(6, e.validity().describe());
              ps.setString(7, e.sourceEventId());
              ps.setObject(8, e.occurredAt().atOffset(ZoneOffset.UTC));
              ps.setObject(9, recorded);
            });
  }

  void erase(String contactId) {
    jdbc.update("delete from score_ledger where contact_id = :id", Map.of("id", contactId));
  }

  /**
   * Gives the merged contact's event entries to the survivor; its profile entries go (the
   * survivor's profile is scored again), as do entries for events the survivor already scored.
   */
  void rekey(String survivorId, String mergedId) {
    Map<String, String> ids = Map.of("s", survivorId, "m", mergedId);
    jdbc.update(
        "delete from score_ledger where contact_id = :m and source_event_id like 'profile:%'", ids);
    jdbc.update(
        "delete from score_ledger where contact_id = :m and exists (select 1 from score_ledger s"
            + " where s.contact_id = :s and s.table_version = score_ledger.table_version"
            + " and s.criterion = score_ledger.criterion and s.source_event_id = score_ledger.source_event_id)",
        ids);
    jdbc.update("update score_ledger set contact_id = :s where contact_id = :m", ids);
  }
}
