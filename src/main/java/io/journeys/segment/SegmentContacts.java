package io.journeys.segment;

import io.journeys.contact.ContactErased;
import io.journeys.contact.ContactsMerged;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Segment stays ({@code segment_membership}) when the contact is merged or erased, in the contact
 * feature's transaction: a merge moves the merged record's stays to the survivor (a stay that began
 * at the same moment as one of the survivor's in the same segment is the same stay); an erasure
 * deletes them.
 */
@Component
class SegmentContacts {

  private final NamedParameterJdbcTemplate jdbc;

  SegmentContacts(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventListener
  void on(ContactsMerged merged) {
    Map<String, String> ids = Map.of("survivor", merged.survivorId(), "merged", merged.mergedId());
    jdbc.update(
        """
        delete from segment_membership m where m.contact_id = :merged and exists (
          select 1 from segment_membership s where s.contact_id = :survivor
          and s.segment = m.segment and s.entered_at = m.entered_at)""",
        ids);
    jdbc.update(
        "update segment_membership set contact_id = :survivor" + " where contact_id = :merged",
        ids);
  }

  @EventListener
  void on(ContactErased erased) {
    jdbc.update(
        "delete from segment_membership where contact_id in (:ids)", Map.of("ids", erased.ids()));
  }
}
