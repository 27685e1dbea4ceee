package io.journeys.broadcast;

import io.journeys.contact.ContactErased;
import io.journeys.contact.ContactsMerged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the recipients of broadcasts in step with the contacts: an erased contact is deleted (its
 * delivery, if already started, ends with the contact's journeys), a merged one re-keyed.
 */
@Component
class BroadcastContacts {

  private final BroadcastStore store;

  BroadcastContacts(BroadcastStore store) {
    this.store = store;
  }

  @EventListener
  void erased(ContactErased event) {
    store.forget(event.contactId());
  }

  @EventListener
  void merged(ContactsMerged event) {
    store.rekey(event.mergedId(), event.survivorId());
  }
}
