package io.journeys.segment;

import io.journeys.contact.ContactFacts;
import io.journeys.contact.ContactView;
import io.journeys.event.EventHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Loads the {@link Facts} the given segments need for a page of contacts, set-based, through the
 * owners' batch queries: {@link ContactFacts#contacts} (the contacts, and their tags when a segment
 * mentions a tag) and {@link EventHistory#counts} (one grouped count of every (event type, window)
 * the conditions use, on the index {@code event (contact_id, occurred_at)}). One call per owner per
 * page.
 */
@Component
class FactLoader {

  /** The text fields of {@link ContactFields#TEXT}, in its order. */
  private static final List<Function<ContactView, String>> TEXT =
      List.of(
          ContactView::email,
          ContactView::phone,
          ContactView::firstName,
          ContactView::lastName,
          ContactView::timezone,
          ContactView::locale,
          ContactView::lifecycleStage);

  private final ContactFacts contacts;
  private final EventHistory events;

  FactLoader(ContactFacts contacts, EventHistory events) {
    this.contacts = contacts;
    this.events = events;
  }

  /** The facts of the contacts that exist, by contact id. */
  Map<String, Facts> load(
      Collection<String> contactIds, Collection<Segment> segments, Instant now) {
    if (contactIds.isEmpty()) {
      return Map.of();
    }
    Set<String> windows = new LinkedHashSet<>();
    boolean needsTags = false;
    for (Segment s : segments) {
      windows.addAll(windows(s.condition()));
      needsTags |= !s.tags().isEmpty();
    }
    Map<EventHistory.Window, String> keys = new HashMap<>();
    for (String window : windows) {
      int bar = window.lastIndexOf('|');
      String type = window.substring(0, bar);
      Instant since = now.minus(Duration.ofDays(Integer.parseInt(window.substring(bar + 1))));
      keys.put(new EventHistory.Window(type, since), window);
    }
    Map<String, Map<EventHistory.Window, Long>> counted = events.counts(contactIds, keys.keySet());
    Map<String, Facts> facts = new HashMap<>();
    contacts
        .contacts(contactIds, needsTags)
        .forEach(
            (id, found) -> {
              ContactView c = found.contact();
              Map<String, Long> counts = new HashMap<>();
              counted.getOrDefault(id, Map.of()).forEach((w, n) -> counts.put(keys.get(w), n));
              facts.put(
                  id, new Facts(id, fields(c), attributes(c), found.tags(), c.createdAt(), counts));
            });
    return facts;
  }

  /**
   * The contact fields of {@link ContactFields}, by name (text fields that are null are absent).
   */
  private static Map<String, Object> fields(ContactView c) {
    Map<String, Object> fields = new HashMap<>();
    for (int i = 0; i < ContactFields.TEXT.size(); i++) {
      String value = TEXT.get(i).apply(c);
      if (value != null) {
        fields.put(ContactFields.TEXT.get(i), value);
      }
    }
    fields.put(ContactFields.SCORE, c.score());
    return fields;
  }

  private static Map<String, Object> attributes(ContactView c) {
    return c.attributes() == null ? Map.of() : c.attributes();
  }

  /** The (type, window) counts a tree needs, as {@link Facts#countKey} keys. */
  static Set<String> windows(Condition c) {
    Set<String> keys = new LinkedHashSet<>();
    collect(c, keys);
    return keys;
  }

  private static void collect(Condition condition, Set<String> keys) {
    condition.walk(
        c -> {
          if (c instanceof Condition.EventCount count) {
            keys.add(Facts.countKey(count.type(), count.withinDays()));
          } else if (c instanceof Condition.LastEventOlderThan last) {
            keys.add(Facts.countKey(last.type(), last.days()));
          }
        });
  }
}
