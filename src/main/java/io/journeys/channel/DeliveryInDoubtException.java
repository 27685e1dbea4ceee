package io.journeys.channel;

/**
 * A delivery attempt of a message ended without an outcome (a crash between the provider call and
 * the mark), and its channel cannot drop a duplicate (SMTP): the message may have been delivered.
 * It is not sent again by itself: the dispatch job gives up at once and raises an incident, and an
 * operator decides (Retry in Cockpit sends it again).
 */
class DeliveryInDoubtException extends MessageSendException {

  DeliveryInDoubtException(String messageId) {
    super(
        "message "
            + messageId
            + " may have been delivered: an earlier attempt ended between"
            + " the provider call and its record; not resent automatically. Check the mail relay's log;"
            + " Retry sends it again");
  }
}
