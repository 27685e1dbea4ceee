package io.journeys.contact;

import java.util.Optional;

/** How other features read contacts and add tags; implemented by the contact feature. */
public interface ContactDirectory {

  Optional<ContactView> find(String contactId);

  /** Adds a tag to the contact; adding it twice is harmless. */
  void tag(String contactId, String tag);
}
