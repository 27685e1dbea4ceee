package io.journeys.contact;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** How other features read contacts and add tags; implemented by the contact feature. */
public interface ContactDirectory {

  Optional<ContactView> find(String contactId);

  /**
   * Which of {@code contactIds} are contacts now (not erased, not merged into another), for a batch
   * in one read (the contact feature answers with one query per 1,000 ids).
   */
  default Set<String> existing(Collection<String> contactIds) {
    return contactIds.stream()
        .filter(id -> find(id).filter(c -> c.id().equals(id)).isPresent())
        .collect(Collectors.toSet());
  }

  /** Adds a tag to the contact; adding it twice is harmless. */
  void tag(String contactId, String tag);

  /**
   * Adds a tag and records where it came from (e.g. {@code journey:<process>:<step>}); adding it
   * twice is harmless and keeps the first source.
   */
  default void tag(String contactId, String tag, String source) {
    tag(contactId, tag);
  }

  /**
   * Grants or withdraws the contact's consent on one channel, recording where the change came from
   * (e.g. {@code unsubscribe-link}). Setting the same value again is harmless.
   */
  void setConsent(String contactId, Channel channel, boolean granted, String source);
}
