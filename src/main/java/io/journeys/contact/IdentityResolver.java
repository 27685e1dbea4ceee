package io.journeys.contact;

import io.journeys.config.EngineClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds the contacts a batch of events (or import rows) names, by contact id, else email, else
 * phone, in a few queries for the whole batch, and creates the unknown ones that carry an email or
 * phone. An item naming one contact by id and another by email or phone merges the other into the
 * first. Suppressed (erased) emails and phones are refused.
 */
@Component
public class IdentityResolver {

  private static final int CHUNK = 1000;

  /** How an item names its contact; email and phone already normalised ({@link Identities}). */
  public record ContactRef(String contactId, String email, String phone) {}

  /** The contact of one item, or the field and reason it could not be resolved. */
  public record Resolution(String contactId, boolean created, String field, String reason) {
    public boolean resolved() {
      return contactId != null;
    }

    static Resolution refused(String field, String reason) {
      return new Resolution(null, false, field, reason);
    }
  }

  private final ContactRepository contacts;
  private final Suppressions suppressions;
  private final ContactMerger merger;

  IdentityResolver(ContactRepository contacts, Suppressions suppressions, ContactMerger merger) {
    this.contacts = contacts;
    this.suppressions = suppressions;
    this.merger = merger;
  }

  /**
   * One resolution per ref, in order. Creates contacts inside the caller's transaction: when the
   * caller refuses the batch it rolls them back with everything else.
   */
  @Transactional
  public List<Resolution> resolve(List<ContactRef> refs) {
    Set<String> suppressed =
        suppressions.suppressed(distinct(refs, r -> r.email(), r -> r.phone()));
    Map<String, String> byId = index(distinct(refs, ContactRef::contactId), "id", ContactView::id);
    Map<String, String> byEmail =
        index(distinct(refs, ContactRef::email), "email", ContactView::email);
    Map<String, String> byPhone =
        index(distinct(refs, ContactRef::phone), "phone", ContactView::phone);
    Instant now = EngineClock.now();
    List<Resolution> resolutions = new ArrayList<>(refs.size());
    Set<String> created = new HashSet<>();
    Map<String, String> mergedInto = new HashMap<>();
    for (ContactRef ref : refs) {
      Resolution r;
      if (ref.email() != null && suppressed.contains(ref.email())) {
        r = Resolution.refused("email", "suppressed");
      } else if (ref.phone() != null && suppressed.contains(ref.phone())) {
        r = Resolution.refused("phone", "suppressed");
      } else {
        mergeOthers(ref, byId, byEmail, byPhone, mergedInto, now);
        r = find(ref, byId, byEmail, byPhone, created);
      }
      if (r == null) {
        r = create(ref, now);
        if (r.resolved()) {
          created.add(r.contactId());
          byId.put(r.contactId(), r.contactId());
          putIfPresent(byEmail, ref.email(), r.contactId());
          putIfPresent(byPhone, ref.phone(), r.contactId());
        }
      }
      resolutions.add(r);
    }
    List<Resolution> resolved =
        mergedInto.isEmpty()
            ? resolutions
            : resolutions.stream()
                .map(
                    r ->
                        r.resolved() && mergedInto.containsKey(r.contactId())
                            ? new Resolution(
                                survivor(mergedInto, r.contactId()), r.created(), null, null)
                            : r)
                .toList();
    return lockedOrRefused(resolved);
  }

  /**
   * Locks the resolved contacts' rows for the rest of the caller's transaction, as an erasure does
   * first: an erasure waits until the batch is stored (and then erases its events too), or the
   * batch waits for the erasure and refuses what it named, so no event is stored for a contact
   * erased meanwhile.
   */
  private List<Resolution> lockedOrRefused(List<Resolution> resolutions) {
    Set<String> present =
        contacts.lockAll(
            resolutions.stream().filter(Resolution::resolved).map(Resolution::contactId).toList());
    return resolutions.stream()
        .map(
            r ->
                r.resolved() && !present.contains(r.contactId())
                    ? Resolution.refused("contactId", "unknown contact")
                    : r)
        .toList();
  }

  /**
   * An item that names an existing contact by id and an email or phone of another contact says they
   * are one person: the other record is merged into the named one (most recently updated values
   * win, both histories are kept).
   */
  private void mergeOthers(
      ContactRef ref,
      Map<String, String> byId,
      Map<String, String> byEmail,
      Map<String, String> byPhone,
      Map<String, String> mergedInto,
      Instant now) {
    String id = get(byId, ref.contactId());
    if (id == null) {
      return;
    }
    for (String other :
        new LinkedHashSet<>(Arrays.asList(get(byEmail, ref.email()), get(byPhone, ref.phone())))) {
      if (other == null || other.equals(id)) {
        continue;
      }
      ContactView survivor = contacts.find(id).orElseThrow();
      ContactView merged = contacts.find(other).orElseThrow();
      merger.merge(survivor, merged, now);
      mergedInto.put(other, id);
      byId.remove(other);
      byEmail.replaceAll((k, v) -> v.equals(other) ? id : v);
      byPhone.replaceAll((k, v) -> v.equals(other) ? id : v);
    }
  }

  private static String survivor(Map<String, String> mergedInto, String id) {
    String s = id;
    while (mergedInto.containsKey(s)) {
      s = mergedInto.get(s);
    }
    return s;
  }

  private static Resolution find(
      ContactRef ref,
      Map<String, String> byId,
      Map<String, String> byEmail,
      Map<String, String> byPhone,
      Set<String> created) {
    String id =
        firstNonNull(
            get(byId, ref.contactId()), get(byEmail, ref.email()), get(byPhone, ref.phone()));
    return id == null ? null : new Resolution(id, created.contains(id), null, null);
  }

  private Resolution create(ContactRef ref, Instant now) {
    if (ref.email() == null && ref.phone() == null) {
      return Resolution.refused("contactId", "unknown contact");
    }
    String id = ref.contactId() != null ? ref.contactId() : "c-" + UUID.randomUUID();
    if (!ContactService.validId(id)) {
      return Resolution.refused("contactId", "not a valid contact id");
    }
    contacts.insert(
        new ContactView(
            id,
            ref.email(),
            ref.phone(),
            null,
            null,
            null,
            null,
            ContactService.INITIAL_STAGE,
            0,
            Map.of(),
            Map.of(),
            Set.of(),
            now,
            now));
    return new Resolution(id, true, null, null);
  }

  private Map<String, String> index(
      Collection<String> values, String column, Function<ContactView, String> key) {
    Map<String, String> index = new HashMap<>();
    List<String> all = List.copyOf(values);
    for (int from = 0; from < all.size(); from += CHUNK) {
      // ordered by updated_at: the most recently updated contact wins a shared identity
      contacts
          .findAllBy(column, all.subList(from, Math.min(all.size(), from + CHUNK)))
          .forEach(c -> index.put(key.apply(c), c.id()));
    }
    return index;
  }

  @SafeVarargs
  private static Set<String> distinct(
      List<ContactRef> refs, Function<ContactRef, String>... getters) {
    Set<String> values = new LinkedHashSet<>();
    for (ContactRef ref : refs) {
      for (Function<ContactRef, String> g : getters) {
        String v = g.apply(ref);
        if (v != null) {
          values.add(v);
        }
      }
    }
    return values;
  }

  private static String get(Map<String, String> map, String key) {
    return key == null ? null : map.get(key);
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (key != null) {
      map.putIfAbsent(key, value);
    }
  }

  private static String firstNonNull(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
