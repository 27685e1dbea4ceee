package io.journeys.journey;

import java.time.Instant;
import java.util.List;

/** The last few things a contact did, for people who look at a lead (the "Hand to sales" form). */
public interface RecentActivity {

  /** One past event: its type and when it happened. */
  record Entry(String type, Instant occurredAt) {}

  /** The newest events of the contact, newest first, at most {@code limit}. */
  List<Entry> latest(String contactId, int limit);
}
