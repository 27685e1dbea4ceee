package io.journeys.governance;

import io.journeys.contact.ContactErased;
import io.journeys.contact.ContactsMerged;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The send rules' rows per contact when the contact is merged or erased, in the contact feature's
 * transaction: re-entry records ({@code journey_entry}), the frequency caps' lock row ({@code
 * send_lock}) and reservations ({@code send_reservation}).
 *
 * <p>Merge: one person, so the merged record's reservations count against the survivor's caps, and
 * of two entries into the same journey the later one holds the re-entry window. Erasure: all go
 * (the messages keep the send statistics), under the contact id and its former ids.
 */
@Component
class SendRuleContacts {

  private final NamedParameterJdbcTemplate jdbc;

  SendRuleContacts(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventListener
  void on(ContactsMerged merged) {
    Map<String, String> ids = Map.of("survivor", merged.survivorId(), "merged", merged.mergedId());
    jdbc.update(
        """
        update journey_entry s set entered_at = (select m.entered_at from journey_entry m
          where m.contact_id = :merged and m.process_key = s.process_key)
        where s.contact_id = :survivor and exists (select 1 from journey_entry m
          where m.contact_id = :merged and m.process_key = s.process_key
          and m.entered_at > s.entered_at)""",
        ids);
    jdbc.update(
        """
        delete from journey_entry m where m.contact_id = :merged and exists (
          select 1 from journey_entry s where s.contact_id = :survivor
          and s.process_key = m.process_key)""",
        ids);
    jdbc.update("update journey_entry set contact_id = :survivor where contact_id = :merged", ids);
    jdbc.update(
        "update send_reservation set contact_id = :survivor where contact_id = :merged", ids);
    jdbc.update("delete from send_lock where contact_id = :merged", ids);
  }

  @EventListener
  void on(ContactErased erased) {
    Map<String, Object> ids = Map.of("ids", erased.ids());
    for (String table : new String[] {"journey_entry", "send_lock", "send_reservation"}) {
      jdbc.update("delete from " + table + " where contact_id in (:ids)", ids);
    }
  }
}
