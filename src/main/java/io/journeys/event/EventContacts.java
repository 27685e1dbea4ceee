package io.journeys.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.contact.ContactErased;
import io.journeys.contact.ContactsMerged;
import io.journeys.contact.IdentityHashes;
import io.journeys.contact.RecentEvents;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code event} table per contact: what a contact's profile shows ({@link RecentEvents}), and
 * what a merge and an erasure do to the contact's events, in the contact feature's transaction.
 * Events are kept for counting: a merge moves them to the survivor; an erasure blanks their
 * properties, moves them to the erasure's pseudonym and replaces an event id that names the person
 * (the contact id, a former id or the email, as in {@code segment:dormant:<id>:<date>}) by {@value
 * ContactErased#PSEUDONYM_PREFIX}&lt;keyed HMAC-SHA256 of the id&gt; ({@link IdentityHashes}).
 */
@Component
class EventContacts implements RecentEvents {

  private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {};

  private final NamedParameterJdbcTemplate jdbc;
  private final ObjectMapper json;
  private final IdentityHashes hashes;

  EventContacts(NamedParameterJdbcTemplate jdbc, ObjectMapper json, IdentityHashes hashes) {
    this.jdbc = jdbc;
    this.json = json;
    this.hashes = hashes;
  }

  @Override
  public List<Map<String, Object>> recentEvents(String contactId, int limit) {
    return jdbc.query(
        "select id, type, occurred_at, properties from event where contact_id = :id"
            + " order by occurred_at desc, received_at desc limit :limit",
        new MapSqlParameterSource().addValue("id", contactId).addValue("limit", limit),
        (rs, i) -> {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("id", rs.getString("id"));
          e.put("type", rs.getString("type"));
          e.put("occurredAt", rs.getObject("occurred_at", OffsetDateTime.class).toInstant());
          e.put("properties", read(rs.getString("properties")));
          return e;
        });
  }

  @EventListener
  void on(ContactsMerged merged) {
    jdbc.update(
        "update event set contact_id = :survivor where contact_id = :merged",
        Map.of("survivor", merged.survivorId(), "merged", merged.mergedId()));
  }

  @EventListener
  void on(ContactErased erased) {
    MapSqlParameterSource params =
        new MapSqlParameterSource()
            .addValue("ids", erased.ids())
            .addValue("pseudonym", erased.pseudonym());
    List<String> naming = new ArrayList<>();
    List<String> names = new ArrayList<>(erased.ids());
    if (erased.email() != null) {
      names.add(erased.email().toLowerCase(Locale.ROOT));
    }
    for (int i = 0; i < names.size(); i++) {
      naming.add("lower(id) like :name" + i);
      params.addValue("name" + i, "%" + names.get(i).toLowerCase(Locale.ROOT) + "%");
    }
    jdbc.queryForList(
            "select id from event where contact_id in (:ids) and ("
                + String.join(" or ", naming)
                + ")",
            params,
            String.class)
        .forEach(
            eventId ->
                jdbc.update(
                    "update event set id = :hashed where id = :old",
                    Map.of(
                        "old",
                        eventId,
                        "hashed",
                        ContactErased.PSEUDONYM_PREFIX + hashes.hash(eventId))));
    jdbc.update(
        "update event set properties = null, contact_id = :pseudonym"
            + " where contact_id in (:ids)",
        params);
  }

  private Map<String, Object> read(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      return json.readValue(text, MAP_TYPE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is not an object", e);
    }
  }
}
