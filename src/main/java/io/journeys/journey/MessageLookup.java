package io.journeys.channel;

import java.util.Optional;

/** Which journey instance sent a message; used to route opens and clicks to it. */
public interface MessageLookup {

  /** A sent message: its id, contact and the process instance that sent it. */
  record SentMessage(String messageId, String contactId, String processInstanceId) {}

  Optional<SentMessage> find(String messageId);
}
