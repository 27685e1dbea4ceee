package io.journeys.segment;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactsChanged;
import io.journeys.contact.ContactsMerged;
import io.journeys.event.StoredEvent;
import java.time.Instant;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps membership current as events are stored, in the event's own transaction: only the segments
 * whose conditions name the event's type (or, for {@code tag.added} / {@code tag.removed}, its
 * {@code tag}) are evaluated, for that contact only. A merge re-evaluates the surviving contact for
 * every segment (the merged record's stays went with it); so does a profile change ({@code
 * PUT}/{@code PATCH}, an import chunk, a tag by a journey step or the API), in its transaction.
 */
@Component
class SegmentTriggers {

  static final String TAG_ADDED = "tag.added";
  static final String TAG_REMOVED = "tag.removed";

  private final SegmentCatalog catalog;
  private final Membership membership;

  SegmentTriggers(SegmentCatalog catalog, Membership membership) {
    this.catalog = catalog;
    this.membership = membership;
  }

  @EventListener
  void on(StoredEvent event) {
    if (event.type().startsWith("segment.") || event.type().startsWith("custom.segment.")) {
      return; // announcements of this feature: no condition may name them
    }
    List<Segment> relevant = catalog.all().stream().filter(s -> concerns(s, event)).toList();
    membership.reevaluate(relevant, List.of(event.contactId()), now(), event.type());
  }

  @EventListener
  void on(ContactsMerged merged) {
    membership.reevaluate(catalog.all(), List.of(merged.survivorId()), now(), "contact.merged");
  }

  @EventListener
  void on(ContactsChanged changed) {
    membership.reevaluate(catalog.all(), changed.contactIds(), now(), changed.reason());
  }

  static boolean concerns(Segment segment, StoredEvent event) {
    if (segment.eventTypes().contains(event.type())) {
      return true;
    }
    if ((TAG_ADDED.equals(event.type()) || TAG_REMOVED.equals(event.type()))
        && event.properties() != null) {
      Object tag = event.properties().get("tag");
      return tag != null && segment.tags().contains(tag.toString());
    }
    return false;
  }

  private static Instant now() {
    return EngineClock.now();
  }
}
