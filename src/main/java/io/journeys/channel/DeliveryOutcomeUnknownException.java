package io.journeys.channel;

/**
 * The provider call failed at a point where the provider may already have taken the message (e.g.
 * SMTP timed out waiting for the relay's answer to the message data). The message row stays
 * SENDING, so the next attempt treats it as a delivery in doubt (resent only where the provider
 * drops duplicates by key).
 */
class DeliveryOutcomeUnknownException extends MessageSendException {

  DeliveryOutcomeUnknownException(String reason) {
    super(reason);
  }
}
