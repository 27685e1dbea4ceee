package io.journeys.contact;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Published (as a Spring application event, inside the erasing transaction, before the contact's
 * row is deleted) when a contact's personal data is erased. Every feature that keeps rows per
 * contact removes them in its listener, in that transaction: a failing listener rolls the whole
 * erasure back, and the erasure is tried again.
 *
 * @param contactId the erased contact
 * @param formerIds ids merged into it ({@link ContactsMerged}) that no living contact carries: what
 *     is still keyed by them (e.g. Camunda history) is the same person's
 * @param email the erased email, lower-cased, or null: ids chosen by senders may name it
 * @param pseudonym what rows kept for counting (events, messages) are moved to; nothing links it to
 *     the person
 */
public record ContactErased(
    String contactId, List<String> formerIds, String email, String pseudonym) {

  /** Prefix of every pseudonym and of the hashed ids of events that named the person. */
  public static final String PSEUDONYM_PREFIX = "erased:";

  public ContactErased {
    formerIds = List.copyOf(formerIds);
  }

  public ContactErased(String contactId) {
    this(contactId, List.of(), null, PSEUDONYM_PREFIX + UUID.randomUUID());
  }

  /** The contact id and its former ids. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>(formerIds.size() + 1);
    ids.add(contactId);
    ids.addAll(formerIds);
    return ids;
  }
}
