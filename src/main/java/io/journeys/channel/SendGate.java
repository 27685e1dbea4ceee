package io.journeys.channel;

import io.journeys.contact.Channel;
import io.journeys.contact.ContactView;
import java.time.Instant;

/**
 * The send rules every message passes just before it is sent, on every channel, whatever journey
 * asks (implemented by the governance feature). {@link MessageSender} calls it once per attempt and
 * records the verdict on the message row.
 */
public interface SendGate {

  /**
   * Decides about one message; may reserve a place under a frequency cap for this message id (a
   * later attempt of the same message id finds its reservation and is not counted twice).
   */
  Verdict check(String messageId, SendRequest request, ContactView contact);

  /** What the gate decided. */
  record Verdict(Decision decision, Channel channel, Instant deferUntil, String reason) {

    public enum Decision {
      SEND,
      DEFER,
      SKIP,
      SUPPRESS
    }

    /** Send on this channel (the requested one, or a fallback with its reason). */
    public static Verdict send(Channel channel, String reason) {
      return new Verdict(Decision.SEND, channel, null, reason);
    }

    public static Verdict defer(Instant until, String reason) {
      return new Verdict(Decision.DEFER, null, until, reason);
    }

    public static Verdict skip(String reason) {
      return new Verdict(Decision.SKIP, null, null, reason);
    }

    /** Not sent because the contact may not be reached there (no consent, suppressed address). */
    public static Verdict suppress(String reason) {
      return new Verdict(Decision.SUPPRESS, null, null, reason);
    }

    /** How the verdict reads on the message row and in {@code lastSendVerdict}. */
    public String describe() {
      return switch (decision) {
        case SEND -> reason == null ? "SENT" : "SENT: " + reason;
        case DEFER -> "DEFERRED until " + deferUntil + (reason == null ? "" : ": " + reason);
        case SKIP -> "SKIPPED: " + reason;
        case SUPPRESS -> "SUPPRESSED: " + reason;
      };
    }
  }
}
