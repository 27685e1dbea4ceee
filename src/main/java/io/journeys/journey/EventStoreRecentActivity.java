package io.journeys.journey;

import io.journeys.contact.RecentEvents;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The newest events of a contact, through the event feature's published query ({@link
 * RecentEvents}, which owns the {@code event} table); only types and times.
 */
@Component
class EventStoreRecentActivity implements RecentActivity {

  private final RecentEvents events;

  EventStoreRecentActivity(RecentEvents events) {
    this.events = events;
  }

  @Override
  public List<Entry> latest(String contactId, int limit) {
    return events.recentEvents(contactId, limit).stream()
        .map(e -> new Entry((String) e.get("type"), (Instant) e.get("occurredAt")))
        .toList();
  }
}
