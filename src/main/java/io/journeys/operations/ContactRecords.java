package io.journeys.operations;

import io.journeys.contact.ContactErased;
import io.journeys.contact.ContactsMerged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Held events and not-entered records follow an erasure (deleted) and a merge (re-keyed); a trial's
 * record of an erased contact is deleted.
 */
@Component
class ContactRecords {

  private final HeldEvents held;
  private final NotEntered notEntered;
  private final Trials trials;

  ContactRecords(HeldEvents held, NotEntered notEntered, Trials trials) {
    this.trials = trials;
    this.held = held;
    this.notEntered = notEntered;
  }

  @EventListener
  void on(ContactErased erased) {
    held.forgetContact(erased.contactId());
    notEntered.forgetContact(erased.contactId());
    trials.forgetContact(erased.contactId());
  }

  @EventListener
  void on(ContactsMerged merged) {
    held.rekey(merged.mergedId(), merged.survivorId());
    notEntered.rekey(merged.mergedId(), merged.survivorId());
  }
}
