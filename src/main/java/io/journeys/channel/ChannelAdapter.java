package io.journeys.channel;

import io.journeys.contact.Channel;
import io.journeys.contact.ContactView;

/** Delivers a rendered message on one channel; one implementation per channel. */
interface ChannelAdapter {

  /** The channel this adapter delivers on. */
  Channel channel();

  /**
   * Delivers the message, or in sandbox mode only records it. Throws {@link MessageSendException}
   * (with a reason free of personal data) when it cannot.
   */
  Delivery send(Outgoing message);

  /**
   * Whether a second call with the same idempotency key is dropped by the receiver, so that a
   * delivery whose outcome is unknown (a crash after the call) may be sent again. True for the HTTP
   * providers (they get the key as {@code Idempotency-Key}) and for sandbox mode.
   */
  default boolean dropsDuplicates() {
    return true;
  }

  /**
   * A message ready to go out. An adapter whose receiver cannot drop duplicates ({@link
   * #dropsDuplicates} false) calls {@link #handOver} just before the receiver could take the
   * message (SMTP: before the end of the message data); until then a failed or crashed attempt is
   * sent again, from then on it is in doubt. {@code handOver} throws {@link MessageSendException}
   * when this attempt must not hand it over (another attempt took the message, or it was
   * cancelled).
   */
  record Outgoing(
      String messageId,
      String idempotencyKey,
      ContactView contact,
      RenderedMessage rendered,
      Runnable handOver) {

    Outgoing(
        String messageId, String idempotencyKey, ContactView contact, RenderedMessage rendered) {
      this(messageId, idempotencyKey, contact, rendered, () -> {});
    }
  }

  /** What went out: SENT, or SANDBOX with the body that would have gone out. */
  record Delivery(MessageStore.Status status, String recipient, String subject, String body) {

    static Delivery sent(String recipient, String subject) {
      return new Delivery(MessageStore.Status.SENT, recipient, subject, null);
    }

    static Delivery sandbox(String recipient, String subject, String body) {
      return new Delivery(MessageStore.Status.SANDBOX, recipient, subject, body);
    }
  }
}
