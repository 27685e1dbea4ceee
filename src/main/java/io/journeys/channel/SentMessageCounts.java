package io.journeys.channel;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Read-only: how many messages the instances of some journeys delivered in a window, per channel.
 * For features that price or report sends (campaigns) without reading the message table.
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
}
