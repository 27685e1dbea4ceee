package io.journeys.channel;

import io.journeys.contact.ContactDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Withdraws email consent for the contact of a message and records the unsubscription. */
@Service
class Unsubscriptions {

  static final String SOURCE = "unsubscribe-link";
  private static final Logger log = LoggerFactory.getLogger(Unsubscriptions.class);

  private final ContactDirectory contacts;
  private final TrackingEvents events;

  Unsubscriptions(ContactDirectory contacts, TrackingEvents events) {
    this.contacts = contacts;
    this.events = events;
  }

  @Transactional
  void unsubscribe(MessageLookup.SentMessage message) {
    contacts.setConsent(message.contactId(), "email", false, SOURCE);
    events.unsubscribed(message, "email");
    log.info("Email consent withdrawn through the unsubscribe link of message {}",
        message.messageId());
  }
}
