package io.journeys.channel;

/** Names of the input parameters and process variables of channel tasks in BPMN models. */
public final class ChannelVariables {

  private ChannelVariables() {}

  /** Input parameter of a send task: {@code email}, {@code sms}, {@code wecom} or {@code push}. */
  public static final String CHANNEL = "channel";
  /** Input parameter of a send task: the template key, e.g. {@code lead-welcome}. */
  public static final String TEMPLATE = "template";
  /**
   * Optional input parameter of a send task: {@code HH:mm-HH:mm}, when the message may go out in
   * the contact's timezone (e.g. {@code 20:00-22:00}); quiet hours still apply.
   */
  public static final String SEND_WINDOW = "sendWindow";
  /** Optional input parameter of a send task: the coupon code its message names. */
  public static final String COUPON_CODE = "couponCode";
  /** Set by every send task on the process instance: the id of the message it sent. */
  public static final String LAST_MESSAGE_ID = "lastMessageId";
  /**
   * Set by every send task on the process instance: the send rules' verdict, e.g. {@code SENT},
   * {@code SKIPPED: frequency cap all 2/P1D}, {@code SUPPRESSED: no consent for sms}.
   */
  public static final String LAST_SEND_VERDICT = "lastSendVerdict";
  /** Camunda's multi-instance loop counter; part of the idempotency key when present. */
  public static final String LOOP_COUNTER = "loopCounter";
}
