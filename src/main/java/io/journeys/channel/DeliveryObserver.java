package io.journeys.channel;

/**
 * Told about a delivery between the provider's acceptance and the mark on the message row: the
 * moment a crash leaves the outcome unknown. Optional beans (none in production); the integration
 * tests use one to inject exactly that crash.
 */
public interface DeliveryObserver {

  /** The provider accepted message {@code messageId}; its row is still SENDING. */
  void accepted(String messageId);
}
