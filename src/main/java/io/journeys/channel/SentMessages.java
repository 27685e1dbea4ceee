package io.journeys.channel;

import io.journeys.contact.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Read-only: what the outbox knows of the messages sent to a contact, for features that act on
 * sends (the send rules' fallback after ignored emails, provider callbacks) without reading the
 * message table. Implemented by the channel feature.
 */
public interface SentMessages {

  /**
   * A message Journeys sent: its contact, its channel and the address it went to ({@code recipient}
   * is null before delivery and after an erasure).
   */
  record Sent(String messageId, String contactId, Channel channel, String recipient) {}

  /** The message with this id, if Journeys wrote it. */
  Optional<Sent> find(String messageId);

  /**
   * When the last {@code n} messages on {@code channel} delivered to the contact (status {@code
   * SENT} or {@code SANDBOX}) were delivered, newest first; fewer when it had fewer.
   */
  List<Instant> lastDelivered(String contactId, Channel channel, int n);
}
