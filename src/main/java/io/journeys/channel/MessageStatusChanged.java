package io.journeys.channel;

import java.time.Instant;

/**
 * Published (as a Spring application event, inside the transaction that writes it) whenever a
 * message row gets a status: the send rules' verdict or the outbox entry ({@code QUEUED}, {@code
 * SKIPPED}, {@code SUPPRESSED}, {@code DEFERRED}, {@code FAILED}) with the message's attributes,
 * and each later move ({@code SENT}, {@code SANDBOX}, {@code FAILED}, {@code UNCERTAIN}, {@code
 * CANCELLED}) with its id and status only (the attribute fields are null then). Analytics keeps its
 * message lifecycle from these.
 *
 * @param status a {@code message.status} value (docs/contract.md §7 lists them)
 * @param detail the send rules' reason or the failure, free of personal data; may be null
 */
public record MessageStatusChanged(
    String messageId, String status, String detail, Instant at, Attributes attributes) {

  /** What a message is: set on the verdict (the first write), null on later moves. */
  public record Attributes(
      String contactId,
      String channel,
      String template,
      String processInstanceId,
      String activityId,
      String journeyKey) {}
}
