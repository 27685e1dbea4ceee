package io.journeys.contact;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The contact_consent table: each contact's consent decision per channel. Double opt-in's pending
 * requests on the same rows are {@link ConsentConfirmations}'.
 */
@Repository
class ConsentRows {

  /** One consent decision: granted or not, where it came from and when. */
  record Consent(boolean granted, String source, Instant updatedAt) {}

  private final NamedParameterJdbcTemplate jdbc;

  ConsentRows(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The contact's decisions by channel, in channel order. */
  Map<String, Consent> of(String contactId) {
    Map<String, Consent> consent = new LinkedHashMap<>();
    jdbc.query(
        "select channel, granted, source, updated_at from contact_consent"
            + " where contact_id = :id order by channel",
        Map.of("id", contactId),
        rs -> {
          consent.put(
              rs.getString("channel"),
              new Consent(
                  rs.getBoolean("granted"),
                  rs.getString("source"),
                  rs.getObject("updated_at", OffsetDateTime.class).toInstant()));
        });
    return consent;
  }

  /**
   * Sets one channel's consent (portable upsert: update, insert when there was nothing); ends a
   * pending double opt-in request ({@link ConsentConfirmations}).
   */
  void put(String contactId, String channel, Consent consent) {
    MapSqlParameterSource p =
        new MapSqlParameterSource()
            .addValue("id", contactId)
            .addValue("channel", channel)
            .addValue("granted", consent.granted())
            .addValue("source", consent.source())
            .addValue("updatedAt", ContactRepository.utc(consent.updatedAt()));
    int updated =
        jdbc.update(
            "update contact_consent set granted = :granted, source = :source,"
                + " updated_at = :updatedAt, pending_since = null"
                + " where contact_id = :id and channel = :channel",
            p);
    if (updated == 0) {
      jdbc.update(
          "insert into contact_consent (contact_id, channel, granted, source, updated_at)"
              + " values (:id, :channel, :granted, :source, :updatedAt)",
          p);
    }
  }
}
