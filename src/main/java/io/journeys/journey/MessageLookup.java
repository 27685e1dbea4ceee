package io.journeys.journey;

import java.util.Optional;

/**
 * Which journey instance sent a message; the correlator routes opens and clicks to it. Declared
 * here, where it is needed, and implemented by the channel feature (its {@code MessageStore}), so
 * that journey does not depend on channel.
 */
public interface MessageLookup {

  /** A sent message: its id, contact and the process instance that sent it. */
  record SentMessage(String messageId, String contactId, String processInstanceId) {}

  Optional<SentMessage> find(String messageId);
}
