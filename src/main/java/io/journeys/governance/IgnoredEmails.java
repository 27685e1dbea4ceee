package io.journeys.governance;

import io.journeys.channel.SentMessages;
import io.journeys.contact.Channel;
import io.journeys.event.EventHistory;
import io.journeys.event.EventTypes;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Whether a contact ignored their last emails: the last {@code n} emails were delivered and there
 * has been no {@code email.opened} or {@code email.clicked} of the contact since the first of them.
 * Asks the owners: the channel for the deliveries ({@link SentMessages}), the event feature for the
 * opens and clicks ({@link EventHistory}).
 */
@Component
class IgnoredEmails {

  private final SentMessages messages;
  private final EventHistory events;

  IgnoredEmails(SentMessages messages, EventHistory events) {
    this.messages = messages;
    this.events = events;
  }

  boolean lastIgnored(String contactId, int n) {
    if (n <= 0) {
      return false;
    }
    List<Instant> sent = messages.lastDelivered(contactId, Channel.EMAIL, n);
    if (sent.size() < n) {
      return false;
    }
    return events.count(
            contactId,
            List.of(EventTypes.EMAIL_OPENED, EventTypes.EMAIL_CLICKED),
            sent.get(sent.size() - 1))
        == 0;
  }
}
