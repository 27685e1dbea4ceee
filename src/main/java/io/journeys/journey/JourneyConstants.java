package io.journeys.journey;

/**
 * Names shared by the BPMN models in {@code bpmn/} and the Java code, so that the two cannot drift
 * apart silently ({@code BpmnModelConventionsTest} checks the models against them). The one
 * declaration of each name: production code (every feature's delegates and listeners), the model
 * checks and the test doubles all use these constants. Message names are event types: see {@link
 * io.journeys.event.EventTypes}.
 */
public final class JourneyConstants {

  private JourneyConstants() {}

  // process keys
  public static final String PROCESS_LEAD_NURTURING = "lead-nurturing";
  public static final String PROCESS_CART_ABANDONMENT = "cart-abandonment";
  public static final String PROCESS_NEW_MEMBER_ONBOARDING = "new-member-onboarding";
  public static final String PROCESS_DORMANT_WIN_BACK = "dormant-win-back";

  /**
   * Not a journey: the nightly pass over every saved segment, also started to rebuild one segment
   * (key kept from when it scanned the "dormant member" segment only; docs/segments.md).
   */
  public static final String PROCESS_SEGMENT_DORMANT_SCAN = "segment-dormant-scan";

  /** Not a marketing journey: sends the double opt-in confirmation email (governance). */
  public static final String PROCESS_EMAIL_OPT_IN = "email-opt-in";

  /** Seed 004 "沉睡唤醒": 30 days without login and purchase, 7 days of reactivation. */
  public static final String PROCESS_DORMANT_REACTIVATION = "dormant-reactivation";

  /**
   * Seed 001's cart flow (payment reminder SMS after 1 h, reviews of similar products after 48 h),
   * the alternative to {@code cart-abandonment} in {@code bpmn/alternatives/}: not deployed, since
   * it starts on the same message (a designer swaps the two files to choose it).
   */
  public static final String PROCESS_CART_ABANDONMENT_PAYMENT_REMINDER =
      "cart-abandonment-payment-reminder";

  /** Not a journey: one scheduled broadcast (issue 17), its batches and its cancellation. */
  public static final String PROCESS_BROADCAST = "broadcast";

  /** Not a journey: one recipient of a broadcast, called by {@code broadcast} per contact. */
  public static final String PROCESS_BROADCAST_DELIVERY = "broadcast-delivery";

  /**
   * A send step due while its journey is in manual mode: the Tasklist task to send it by hand
   * (operations, docs/operations.md).
   */
  public static final String PROCESS_MANUAL_SEND = "manual-send";

  // message names that are not in EventTypes.KNOWN
  /**
   * A contact entered the "dormant" segment (no order for 90 days, registered over 180 days ago);
   * starts {@code dormant-win-back}. Published by the segment feature ({@code io.journeys.segment})
   * through the event intake.
   */
  public static final String MSG_SEGMENT_DORMANT_ENTERED = "custom.segment.dormant.entered";

  /**
   * Email consent was given and awaits confirmation (double opt-in); starts {@code email-opt-in}.
   */
  public static final String MSG_EMAIL_CONSENT_REQUESTED = "custom.consent.email.requested";

  /** The contact confirmed their email consent through the link of the confirmation email. */
  public static final String MSG_EMAIL_CONSENT_CONFIRMED = "custom.consent.email.confirmed";

  /** A marketer cancelled a broadcast; interrupts its {@code broadcast} instance. */
  public static final String MSG_BROADCAST_CANCELLED = "custom.broadcast.cancelled";

  /**
   * A contact has neither logged in nor ordered for 30 days (seed 004); starts {@code
   * dormant-reactivation}. Sent through the event intake by whatever computes it (a segment or the
   * shop).
   */
  public static final String MSG_SEGMENT_INACTIVE_ENTERED = "custom.segment.inactive.entered";

  // process variables
  /** The contact the journey is for; also the business key. Set on every instance. */
  public static final String VAR_CONTACT_ID = "contactId";

  /** Id of the event that started the journey. */
  public static final String VAR_TRIGGER_EVENT_ID = "triggerEventId";

  /** Where the lead came from (form id or registration source). */
  public static final String VAR_SOURCE = "source";

  /** The contact's score when {@code readLeadScoreDelegate} last read it; gateways compare it. */
  public static final String VAR_LEAD_SCORE = "leadScore";

  /** Id of the last message a channel task sent; set by {@code sendMessageDelegate}. */
  public static final String VAR_LAST_MESSAGE_ID = "lastMessageId";

  /**
   * Set by every channel task on the process instance: the send rules' verdict, e.g. {@code SENT},
   * {@code SKIPPED: frequency cap all 2/P1D}, {@code SUPPRESSED: no consent for sms}.
   */
  public static final String VAR_LAST_SEND_VERDICT = "lastSendVerdict";

  /** Camunda's multi-instance loop counter; part of a send's idempotency key when present. */
  public static final String VAR_LOOP_COUNTER = "loopCounter";

  /** The broadcast an instance of {@code broadcast} or {@code broadcast-delivery} belongs to. */
  public static final String VAR_BROADCAST_ID = "broadcastId";

  /** When a batch of a broadcast starts (a date; the timer of the batch waits for it). */
  public static final String VAR_BATCH_STARTS_AT = "batchStartsAt";

  /** When a broadcast's message goes to its contact (a date; the delivery's timer waits for it). */
  public static final String VAR_SEND_AT = "sendAt";

  // "Read contact" task (readContactDelegate): what the gateways and messages after it read
  /** The contact's tag keys (a list). */
  public static final String VAR_TAGS = "tags";

  /** The contact's lifecycle stage: new, active, dormant, churned, or null. */
  public static final String VAR_LIFECYCLE_STAGE = "lifecycleStage";

  /** The contact's lead score (an integer). */
  public static final String VAR_SCORE = "score";

  /** Whether the contact is a marketing-qualified lead now (lead scoring's MQL rule). */
  public static final String VAR_MQL = "mql";

  /** Orders in the last 180 days. */
  public static final String VAR_ORDERS_HALF_YEAR = "ordersHalfYear";

  /** Orders ever. */
  public static final String VAR_ORDERS_TOTAL = "ordersTotal";

  /** Seconds on product pages in the last 24 hours. */
  public static final String VAR_PRODUCT_VIEW_SECONDS = "productViewSeconds";

  /** Up to 3 products the contact viewed or added to the cart, newest first. */
  public static final String VAR_WATCHED_PRODUCTS = "watchedProducts";

  /** The channel to reach the contact on ("Send by best channel"). */
  public static final String VAR_BEST_CHANNEL = "bestChannel";

  /**
   * The channel of a broadcast, a variable of each {@code broadcast-delivery} instance (its gateway
   * picks the send task); the same name as the send tasks' input parameter.
   */
  public static final String VAR_BROADCAST_CHANNEL = "channel";

  // "Scan dormant segment" task (segment-dormant-scan): one batch per job until done
  /** Where the scan goes on: the last contact id of the previous batch. */
  public static final String VAR_SCAN_CURSOR = "scanCursor";

  /** Set when the last batch was entered; the model's loop ends on it. */
  public static final String VAR_SCAN_DONE = "scanDone";

  /** How many contacts the scan entered so far. */
  public static final String VAR_SCAN_ENTERED = "enteredCount";

  /** How many contacts the pass took out of a segment so far. */
  public static final String VAR_SCAN_LEFT = "leftCount";

  /** Comma-separated keys of the segments a pass re-evaluates; absent: all of them. */
  public static final String VAR_SCAN_SEGMENTS = "segments";

  // input parameters of the channel and tag tasks (element templates in .camunda/element-templates)
  /**
   * Input parameter of a channel task: {@code email}, {@code sms}, {@code wecom} or {@code push}.
   */
  public static final String PARAM_CHANNEL = "channel";

  /** Input parameter of a channel task: the template key, e.g. {@code lead-welcome}. */
  public static final String PARAM_TEMPLATE = "template";

  public static final String PARAM_TAG = "tag";

  /**
   * Optional input parameter of a send task: {@code HH:mm-HH:mm}, when the message may go out in
   * the contact's timezone (e.g. {@code 20:00-22:00}); quiet hours still apply.
   */
  public static final String PARAM_SEND_WINDOW = "sendWindow";

  /**
   * Optional input parameter of a send task: an ISO-8601 duration (e.g. {@code PT2H}, seed 002's
   * "催付间隔2-4小时"); the message goes out no sooner than this after the journey instance's previous
   * message ({@link #VAR_LAST_MESSAGE_ID}) went out. Quiet hours and the send window still apply
   * from there.
   */
  public static final String PARAM_MIN_SPACING = "minSpacing";

  /** Optional input parameter of a send task: the coupon code its message names. */
  public static final String PARAM_COUPON_CODE = "couponCode";

  // "Hand to sales" form
  public static final String FORM_HAND_TO_SALES = "hand-to-sales";
  public static final String VAR_OUTCOME = "outcome";

  /**
   * lead-nurturing: how often sales returned the lead to nurturing ({@code nurture}); the
   * educational emails of a later pass number their rounds from {@code 3 * nurtureReturns}, so that
   * each is a message of its own.
   */
  public static final String VAR_NURTURE_RETURNS = "nurtureReturns";

  /** Activity id of the "Hand to sales" user task that a {@code sales.outcome} event completes. */
  public static final String TASK_HAND_TO_SALES = "Task_HandToSales";

  /**
   * Task-local variable of a "Hand to sales" task completed by a {@code sales.outcome} event (from
   * the CRM): that event's id. The task's listener then records no second outcome event.
   */
  public static final String VAR_OUTCOME_EVENT_ID = "outcomeEventId";

  public static final String VAR_NOTE = "note";
  public static final String VAR_LEAD_NAME = "leadName";
  public static final String VAR_LEAD_EMAIL = "leadEmail";
  public static final String VAR_RECENT_ACTIVITY = "recentActivity";

  // "WeCom 1:1 care" form (dormant-win-back)
  public static final String FORM_WECOM_CARE = "wecom-care";
  public static final String VAR_MEMBER_NAME = "memberName";
  public static final String VAR_CARE_RESULT = "careResult";
  public static final String VAR_CARE_NOTE = "careNote";

  // "Customer service follow-up" form (dormant-reactivation: 客服一对一 and 人工客服跟进)
  public static final String FORM_CUSTOMER_SERVICE_FOLLOW_UP = "customer-service-follow-up";

  // candidate groups
  public static final String GROUP_SALES = "sales";
  public static final String GROUP_CUSTOMER_SERVICE = "customer-service";
}
