package io.journeys.channel;

/**
 * Sends outside a journey for the tests of other features: queue the message and deliver it on the
 * calling thread ({@link MessageSender#dispatch}), through the given node's sender. Production
 * sends go through a journey's step and dispatch job.
 */
public final class DirectSends {

  private DirectSends() {}

  /** Sends now; answers the message id (the same for every call with the same key). */
  public static String messageId(MessageSender sender, SendRequest request) {
    return sender.dispatch(request).messageId();
  }

  /** Sends now; answers the send rules' verdict ({@code SENT}, {@code SKIPPED: …}, …). */
  public static String verdict(MessageSender sender, SendRequest request) {
    return sender.dispatch(request).verdict();
  }
}
