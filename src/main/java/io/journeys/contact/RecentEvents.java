package io.journeys.contact;

import java.util.List;
import java.util.Map;

/**
 * The newest events of a contact, newest first, as its profile shows them ({@code id}, {@code
 * type}, {@code occurredAt}, {@code properties}). Declared here and implemented by the event
 * feature, which owns the {@code event} table (event depends on contact, not the other way round).
 */
public interface RecentEvents {

  List<Map<String, Object>> recentEvents(String contactId, int limit);
}
