package io.journeys.analytics;

import io.journeys.contact.ContactErased;
import io.journeys.contact.ContactsMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Analytics rows that name a contact follow the contact: an erasure removes its messages, orders,
 * experiment assignments and control-group membership and history, and forgets it on its journey
 * entries (the day rollups hold counts only and stay); a merge moves them to the survivor (an
 * assignment the survivor already has in that experiment, and the survivor's control-group
 * membership, win).
 */
@Component
class ContactRows {

  private final JdbcTemplate jdbc;
  private final FlowStore flows;

  ContactRows(JdbcTemplate jdbc, FlowStore flows) {
    this.jdbc = jdbc;
    this.flows = flows;
  }

  @EventListener
  void on(ContactErased erased) {
    String id = erased.contactId();
    flows.flush(); // entries begun earlier in this transaction are changed below
    jdbc.update("delete from analytics_message where contact_id = ?", id);
    jdbc.update("delete from analytics_order where contact_id = ?", id);
    jdbc.update("delete from analytics_assignment where contact_id = ?", id);
    jdbc.update("delete from analytics_control_member where contact_id = ?", id);
    jdbc.update("delete from analytics_control_history where contact_id = ?", id);
    jdbc.update("update analytics_entry set contact_id = null where contact_id = ?", id);
  }

  @EventListener
  void on(ContactsMerged merged) {
    String to = merged.survivorId();
    String from = merged.mergedId();
    flows.flush();
    jdbc.update("update analytics_message set contact_id = ? where contact_id = ?", to, from);
    jdbc.update("update analytics_order set contact_id = ? where contact_id = ?", to, from);
    jdbc.update("update analytics_entry set contact_id = ? where contact_id = ?", to, from);
    jdbc.update(
        "delete from analytics_assignment where contact_id = ? and experiment_key in"
            + " (select experiment_key from analytics_assignment where contact_id = ?)",
        from,
        to);
    jdbc.update("update analytics_assignment set contact_id = ? where contact_id = ?", to, from);
    jdbc.update(
        "delete from analytics_control_member where contact_id = ? and exists"
            + " (select 1 from analytics_control_member s where s.contact_id = ?)",
        from,
        to);
    jdbc.update(
        "update analytics_control_member set contact_id = ? where contact_id = ?", to, from);
    jdbc.update(
        "update analytics_control_history set contact_id = ? where contact_id = ?", to, from);
  }
}
