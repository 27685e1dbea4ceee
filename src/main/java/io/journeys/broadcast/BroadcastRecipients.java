package io.journeys.broadcast;

import java.util.Date;
import java.util.List;

/** The recipients of a broadcast's batch and their send times, as planned. */
public interface BroadcastRecipients {

  /** The contacts of a batch, in the order they were given. */
  List<String> recipients(String broadcastId, int batch);

  /** When the contact's message is due. */
  Date sendAt(String broadcastId, String contactId);
}
