package io.journeys.channel;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Read-only: how many messages the instances of some journeys delivered in a window, per channel,
 * and how the send rules and the outbox decided on the messages of a window. For features that
 * price or report sends (campaigns, analytics) without reading the message table.
 */
public interface SentMessageCounts {

  /**
   * Deliveries on one channel: {@code sent} were handed to a provider (status {@code SENT}), {@code
   * sandbox} were rendered in sandbox mode and left nothing (status {@code SANDBOX}).
   */
  record ChannelSends(String channel, long sent, long sandbox) {}

  /**
   * Messages of instances of the process keys {@code journeyKeys} delivered (by delivery time) in
   * {@code [from, to)}, one entry per channel that delivered any, ordered by channel.
   */
  List<ChannelSends> sentByChannel(Collection<String> journeyKeys, Instant from, Instant to);

  /**
   * One group of messages of {@link #verdicts}: journey ({@code null}: none recorded), channel,
   * template, status, reason class (null when the status needs none) and how many.
   */
  record VerdictGroup(
      String journeyKey,
      String channel,
      String template,
      String status,
      String reason,
      long count) {}

  /** Which journeys' messages {@link #verdicts} counts. */
  enum JourneyFilter {
    /** Every message. */
    ALL,
    /** The messages of the journey named in the call. */
    ONE,
    /** The messages that name no journey (sent before journeys were recorded, or outside one). */
    NONE
  }

  /**
   * Messages created (the time the step asked to send) in {@code [from, to)}, grouped by journey,
   * channel, template, status and reason class, ordered by these (journeys without a key first), in
   * one grouped query. The reason class is the verdict's reason without its particulars (which cap,
   * until when, which address): {@code holdout}, {@code contact erased}, {@code journey ended},
   * {@code frequency cap}, {@code quiet hours}, {@code no consent}, {@code address suppressed},
   * {@code awaiting double opt-in}, {@code nothing to confirm}, {@code other}; {@code channel
   * fallback} for sent messages whose channel the rules changed; {@code delivery in doubt} for
   * UNCERTAIN; none for sent messages otherwise and messages still on their way.
   *
   * @param journeyKey the journey of {@link JourneyFilter#ONE}, else ignored
   */
  List<VerdictGroup> verdicts(Instant from, Instant to, JourneyFilter filter, String journeyKey);
}
