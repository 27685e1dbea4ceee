package io.journeys.channel;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A MIME message whose {@code Message-ID} is fixed in advance (derived from the idempotency key),
 * so that a retried send carries the same id and receivers can recognise the duplicate.
 */
class TrackedMimeMessage extends MimeMessage {

  private final String messageId;

  TrackedMimeMessage(Session session, String messageId) {
    super(session);
    this.messageId = messageId;
  }

  @Override
  protected void updateMessageID() throws MessagingException {
    setHeader("Message-ID", messageId);
  }
}
