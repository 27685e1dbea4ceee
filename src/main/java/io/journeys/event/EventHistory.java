package io.journeys.event;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Read-only: stored events of some contacts, for features that report on them (campaign revenue)
 * without reading the event table.
 */
public interface EventHistory {

  /**
   * The events of type {@code type} of these contacts that occurred in {@code [from, to)}, oldest
   * first, with their properties as stored.
   */
  List<StoredEvent> find(String type, Collection<String> contactIds, Instant from, Instant to);
}
