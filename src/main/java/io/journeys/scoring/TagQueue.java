package io.journeys.scoring;

import io.journeys.event.EventTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Contacts whose tags need a fresh look because they had an event (committed); drained in batches
 * by {@link TagRefresher}. In memory: a contact left here when the node stops is caught by the next
 * scheduled pass over all contacts.
 */
@Component
class TagQueue {

  private final Set<String> pending = new LinkedHashSet<>();
  private final Set<String> rescore = new java.util.HashSet<>();

  /** Whether an event of this type can change a tag (the tag events themselves cannot). */
  static boolean refreshes(String type) {
    return !EventTypes.TAG_ADDED.equals(type) && !EventTypes.TAG_REMOVED.equals(type);
  }

  void add(String contactId, String type) {
    if (refreshes(type)) {
      addAll(List.of(contactId));
    }
  }

  synchronized void addAll(Collection<String> contactIds) {
    pending.addAll(contactIds);
  }

  /** Queues contacts whose score (profile criteria) is to be refreshed before their tags. */
  synchronized void addRescored(Collection<String> contactIds) {
    pending.addAll(contactIds);
    rescore.addAll(contactIds);
  }

  /** Those of these contacts whose score is to be refreshed; forgets them. */
  synchronized List<String> takeRescored(Collection<String> contactIds) {
    if (rescore.isEmpty()) {
      return List.of();
    }
    List<String> taken = new ArrayList<>();
    for (String id : contactIds) {
      if (rescore.remove(id)) {
        taken.add(id);
      }
    }
    return taken;
  }

  /** Takes up to {@code max} contacts, oldest first. */
  synchronized List<String> take(int max) {
    List<String> taken = new ArrayList<>(Math.min(max, pending.size()));
    var it = pending.iterator();
    while (it.hasNext() && taken.size() < max) {
      taken.add(it.next());
      it.remove();
    }
    return taken;
  }

  synchronized int size() {
    return pending.size();
  }
}
