package io.journeys.operations;

import io.journeys.contact.ContactDirectory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where trial runs send with {@code "sends": "seeds"}: the internal seed contact {@code
 * journeys.operations.trial.seed-contact} (environment {@code
 * JOURNEYS_OPERATIONS_TRIAL_SEED_CONTACT}), a contact whose email, phone and WeCom id are the
 * team's own.
 */
@Component
class TrialSettings {

  private final String seedContact;
  private final ContactDirectory contacts;

  TrialSettings(
      @Value("${journeys.operations.trial.seed-contact:}") String seedContact,
      ContactDirectory contacts) {
    this.seedContact = seedContact == null || seedContact.isBlank() ? null : seedContact.strip();
    this.contacts = contacts;
  }

  /**
   * The seed contact's id; {@link SeedContactMissing} when none is configured or it does not exist.
   */
  String seedContact() {
    if (seedContact == null || contacts.find(seedContact).isEmpty()) {
      throw new SeedContactMissing(seedContact);
    }
    return seedContact;
  }
}
