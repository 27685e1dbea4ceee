package io.journeys.channel;

import io.journeys.contact.Channel;
import io.journeys.contact.ContactDirectory;
import io.journeys.journey.MessageLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Withdraws consent for the contact of a message (email through the unsubscribe link, any channel
 * through the preference page) and records each unsubscription as an event.
 */
@Service
class Unsubscriptions {

  static final String SOURCE = "unsubscribe-link";
  static final String PREFERENCES_SOURCE = "preference-page";
  private static final Logger log = LoggerFactory.getLogger(Unsubscriptions.class);

  private final ContactDirectory contacts;
  private final TrackingEvents events;

  Unsubscriptions(ContactDirectory contacts, TrackingEvents events) {
    this.contacts = contacts;
    this.events = events;
  }

  @Transactional
  void unsubscribe(MessageLookup.SentMessage message) {
    contacts.setConsent(message.contactId(), Channel.EMAIL, false, SOURCE);
    events.unsubscribed(message, Channel.EMAIL);
    log.info(
        "Email consent withdrawn through the unsubscribe link of message {}", message.messageId());
  }

  /** Withdraws the consent of these channels, from the preference page of a message. */
  @Transactional
  void withdraw(MessageLookup.SentMessage message, java.util.List<Channel> channels) {
    for (Channel channel : channels) {
      contacts.setConsent(message.contactId(), channel, false, PREFERENCES_SOURCE);
      events.unsubscribed(message, channel);
    }
    if (!channels.isEmpty()) {
      log.info(
          "Consent for {} withdrawn on the preference page of message {}",
          channels,
          message.messageId());
    }
  }
}
