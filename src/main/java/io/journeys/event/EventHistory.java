package io.journeys.event;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Read access to stored events for features that derive facts from a contact's history (lead
 * scoring, tags, the "Read contact" task, campaign revenue): the events themselves, or counts per
 * type since several points in time. Implemented by the event feature, which owns the event table.
 */
public interface EventHistory {

  /** How often a contact had one event type since each cutoff, and when last. */
  record Activity(String type, long[] countsSince, Instant last) {}

  /**
   * Events of these contacts, of these types (null: any), at or after {@code since} (null: all
   * time), oldest first.
   */
  List<StoredEvent> of(Collection<String> contactIds, Collection<String> types, Instant since);

  /**
   * Per contact, per event type: how many events occurred at or after each cutoff (in the order
   * given; the oldest cutoff bounds the query) and the last one's time.
   */
  Map<String, List<Activity>> activity(Collection<String> contactIds, List<Instant> cutoffs);

  /** How many events of {@code type} the contact has that occurred at or after {@code since}. */
  int count(String contactId, String type, Instant since);

  /**
   * How many events of any of {@code types} the contact has that occurred at or after {@code since}
   * (the event feature answers in one query).
   */
  default int count(String contactId, Collection<String> types, Instant since) {
    return types.stream().distinct().mapToInt(type -> count(contactId, type, since)).sum();
  }

  /** Events of one type at or after a time: one count of {@link #counts}. */
  record Window(String type, Instant since) {}

  /**
   * For a batch of contacts, per contact: how many events each window holds (windows without
   * events, and contacts without any, are absent). The event feature answers with one grouped query
   * per 1,000 contacts, whatever the number of windows.
   */
  default Map<String, Map<Window, Long>> counts(
      Collection<String> contactIds, Collection<Window> windows) {
    Map<String, Map<Window, Long>> counts = new java.util.HashMap<>();
    if (contactIds.isEmpty() || windows.isEmpty()) {
      return counts;
    }
    Instant oldest = windows.stream().map(Window::since).min(Instant::compareTo).orElseThrow();
    List<String> types = windows.stream().map(Window::type).distinct().toList();
    for (StoredEvent e : of(contactIds, types, oldest)) {
      for (Window w : windows) {
        if (w.type().equals(e.type()) && !e.occurredAt().isBefore(w.since())) {
          counts
              .computeIfAbsent(e.contactId(), k -> new java.util.HashMap<>())
              .merge(w, 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  /**
   * The contact's events of {@code type} at or after {@code since}, newest first, at most {@code
   * limit}.
   */
  List<StoredEvent> since(String contactId, String type, Instant since, int limit);

  /**
   * The events of type {@code type} of these contacts that occurred in {@code [from, to)}, oldest
   * first, with their properties as stored.
   */
  List<StoredEvent> find(String type, Collection<String> contactIds, Instant from, Instant to);

  /**
   * A published query: the stored events as a SQL relation (columns {@code id}, {@code type},
   * {@code contact_id}, {@code occurred_at}, {@code properties} — a JSON object as text, or null),
   * for a feature that derives facts from the history set-based, in SQL on the same database (lead
   * scoring's re-score after a table change). The event feature owns its text; callers put it in
   * parentheses and select from it, they never name the table. Null where the history is not a SQL
   * table.
   */
  default String relation() {
    return null;
  }
}
