package io.journeys.channel;

import io.journeys.contact.Channel;
import java.util.Map;
import java.util.UUID;

/**
 * The outbox's two halves for integration tests of other features (erasure): queue an email without
 * a journey, and deliver it when the test says so.
 */
public class OutboxAccess {

  private final MessageSender sender;
  private final MessageDispatcher dispatcher;

  OutboxAccess(MessageSender sender, MessageDispatcher dispatcher) {
    this.sender = sender;
    this.dispatcher = dispatcher;
  }

  /** Queues the onboarding welcome email to the contact; returns its message id. */
  public String queue(String contactId) {
    return sender
        .queue(
            new SendRequest(
                "test-" + UUID.randomUUID() + ":Task_Send:0",
                contactId,
                Channel.EMAIL,
                "onboarding-welcome",
                null,
                "Task_Send",
                Map.of()),
            null)
        .messageId();
  }

  public void deliver(String messageId) {
    dispatcher.deliver(messageId);
  }
}
