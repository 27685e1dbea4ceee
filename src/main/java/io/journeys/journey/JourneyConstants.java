package io.journeys.journey;

/**
 * Names shared by the BPMN models in {@code bpmn/} and the Java code, so that the two cannot
 * drift apart silently ({@code BpmnModelConventionsTest} checks the models against them).
 * Message names are event types: see {@link io.journeys.event.EventTypes}.
 */
public final class JourneyConstants {

  private JourneyConstants() {}

  // process keys
  public static final String PROCESS_LEAD_NURTURING = "lead-nurturing";
  public static final String PROCESS_CART_ABANDONMENT = "cart-abandonment";
  public static final String PROCESS_NEW_MEMBER_ONBOARDING = "new-member-onboarding";
  public static final String PROCESS_DORMANT_WIN_BACK = "dormant-win-back";
  /** Not a journey: the daily scan that enters contacts into the "dormant member" segment. */
  public static final String PROCESS_SEGMENT_DORMANT_SCAN = "segment-dormant-scan";
  /** Not a marketing journey: sends the double opt-in confirmation email (governance). */
  public static final String PROCESS_EMAIL_OPT_IN = "email-opt-in";
  /** Not a journey: one scheduled broadcast (issue 17), its batches and its cancellation. */
  public static final String PROCESS_BROADCAST = "broadcast";
  /** Not a journey: one recipient of a broadcast, called by {@code broadcast} per contact. */
  public static final String PROCESS_BROADCAST_DELIVERY = "broadcast-delivery";

  // message names that are not in EventTypes.KNOWN
  /**
   * A contact entered the "dormant" segment (no order for 90 days, registered over 180 days ago);
   * starts {@code dormant-win-back}. Published by the segment feature ({@code io.journeys.segment}) through the event intake.
   */
  public static final String MSG_SEGMENT_DORMANT_ENTERED = "custom.segment.dormant.entered";
  /** Email consent was given and awaits confirmation (double opt-in); starts {@code email-opt-in}. */
  public static final String MSG_EMAIL_CONSENT_REQUESTED = "custom.consent.email.requested";
  /** The contact confirmed their email consent through the link of the confirmation email. */
  public static final String MSG_EMAIL_CONSENT_CONFIRMED = "custom.consent.email.confirmed";
  /** A marketer cancelled a broadcast; interrupts its {@code broadcast} instance. */
  public static final String MSG_BROADCAST_CANCELLED = "custom.broadcast.cancelled";

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
  /** The signed confirmation link of the double opt-in email ({@code optInLinkListener}). */
  public static final String VAR_CONFIRM_URL = "confirmUrl";
  /** The broadcast an instance of {@code broadcast} or {@code broadcast-delivery} belongs to. */
  public static final String VAR_BROADCAST_ID = "broadcastId";
  /** When a batch of a broadcast starts (a date; the timer of the batch waits for it). */
  public static final String VAR_BATCH_STARTS_AT = "batchStartsAt";
  /** When a broadcast's message goes to its contact (a date; the delivery's timer waits for it). */
  public static final String VAR_SEND_AT = "sendAt";

  // input parameters of the channel and tag tasks (element templates in .camunda/element-templates)
  public static final String PARAM_CHANNEL = "channel";
  public static final String PARAM_TEMPLATE = "template";
  public static final String PARAM_TAG = "tag";

  // "Hand to sales" form
  public static final String FORM_HAND_TO_SALES = "hand-to-sales";
  public static final String VAR_OUTCOME = "outcome";
  public static final String VAR_NOTE = "note";
  public static final String VAR_LEAD_NAME = "leadName";
  public static final String VAR_LEAD_EMAIL = "leadEmail";
  public static final String VAR_RECENT_ACTIVITY = "recentActivity";

  // "WeCom 1:1 care" form (dormant-win-back)
  public static final String FORM_WECOM_CARE = "wecom-care";
  public static final String VAR_MEMBER_NAME = "memberName";
  public static final String VAR_CARE_RESULT = "careResult";
  public static final String VAR_CARE_NOTE = "careNote";

  // candidate groups
  public static final String GROUP_SALES = "sales";
  public static final String GROUP_CUSTOMER_SERVICE = "customer-service";
}
