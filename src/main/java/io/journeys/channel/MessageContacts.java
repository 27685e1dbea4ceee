package io.journeys.channel;

import io.journeys.contact.ContactErased;
import io.journeys.contact.ContactsMerged;
import io.journeys.contact.RecentMessages;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code message} table per contact: what a contact's profile shows ({@link RecentMessages})
 * and what a merge and an erasure do to the contact's messages, in the contact feature's
 * transaction. Messages are kept for counting: a merge moves them to the survivor; an erasure
 * blanks recipient, subject, body, content and detail and moves them to the erasure's pseudonym. A
 * delivery in flight meanwhile finds its contact gone when it marks the message ({@link
 * MessageDispatcher}).
 */
@Component
class MessageContacts implements RecentMessages {

  private final NamedParameterJdbcTemplate jdbc;

  MessageContacts(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Map<String, Object>> recentMessages(String contactId, int limit) {
    return jdbc.query(
        "select id, channel, template, status, detail, process_instance_id, created_at, sent_at"
            + " from message where contact_id = :id order by created_at desc limit :limit",
        new MapSqlParameterSource().addValue("id", contactId).addValue("limit", limit),
        (rs, i) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("id", rs.getString("id"));
          m.put("channel", rs.getString("channel"));
          m.put("template", rs.getString("template"));
          m.put("status", rs.getString("status"));
          m.put("detail", rs.getString("detail"));
          m.put("processInstanceId", rs.getString("process_instance_id"));
          m.put("createdAt", rs.getObject("created_at", OffsetDateTime.class).toInstant());
          OffsetDateTime sent = rs.getObject("sent_at", OffsetDateTime.class);
          m.put("sentAt", sent == null ? null : sent.toInstant());
          return m;
        });
  }

  @EventListener
  void on(ContactsMerged merged) {
    jdbc.update(
        "update message set contact_id = :survivor where contact_id = :merged",
        Map.of("survivor", merged.survivorId(), "merged", merged.mergedId()));
  }

  @EventListener
  void on(ContactErased erased) {
    jdbc.update(
        "update message set recipient = null, subject = null, body = null, detail = null,"
            + " content = null, contact_id = :pseudonym where contact_id in (:ids)",
        new MapSqlParameterSource()
            .addValue("ids", erased.ids())
            .addValue("pseudonym", erased.pseudonym()));
  }
}
