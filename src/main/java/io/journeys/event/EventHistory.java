package io.journeys.event;

import java.time.Instant;
import java.util.List;

/**
 * How other features read a contact's stored events (the event feature owns the table): counts
 * and the newest events of one type since a moment, by the index on {@code (contact_id,
 * occurred_at)}.
 */
public interface EventHistory {

  /** How many events of {@code type} the contact has that occurred at or after {@code since}. */
  int count(String contactId, String type, Instant since);

  /** The contact's events of {@code type} at or after {@code since}, newest first, at most {@code limit}. */
  List<StoredEvent> since(String contactId, String type, Instant since, int limit);
}
