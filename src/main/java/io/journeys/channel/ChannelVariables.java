package io.journeys.channel;

/** Names of the input parameters and process variables of channel tasks in BPMN models. */
public final class ChannelVariables {

  private ChannelVariables() {}

  /** Input parameter of a send task: {@code email}, {@code sms}, {@code wecom} or {@code push}. */
  public static final String CHANNEL = "channel";
  /** Input parameter of a send task: the template key, e.g. {@code lead-welcome}. */
  public static final String TEMPLATE = "template";
  /** Set by every send task on the process instance: the id of the message it sent. */
  public static final String LAST_MESSAGE_ID = "lastMessageId";
  /** Camunda's multi-instance loop counter; part of the idempotency key when present. */
  public static final String LOOP_COUNTER = "loopCounter";
}
