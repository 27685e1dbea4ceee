package io.journeys.event;

import java.util.List;
import java.util.Set;

/** Event types of docs/contract.md §1. Anything else must be {@code custom.*}. */
public final class EventTypes {

  private EventTypes() {}

  public static final String CONTACT_REGISTERED = "contact.registered";
  public static final String FORM_SUBMITTED = "form.submitted";
  public static final String PAGE_VIEWED = "page.viewed";
  public static final String PRODUCT_VIEWED = "product.viewed";
  public static final String CART_ADDED = "cart.added";
  public static final String ORDER_PLACED = "order.placed";
  public static final String COUPON_CLAIMED = "coupon.claimed";
  public static final String LOGIN = "login";
  public static final String EMAIL_OPENED = "email.opened";
  public static final String EMAIL_CLICKED = "email.clicked";
  public static final String MESSAGE_DELIVERED = "message.delivered";
  public static final String MESSAGE_BOUNCED = "message.bounced";
  public static final String MESSAGE_COMPLAINED = "message.complained";
  public static final String MESSAGE_UNSUBSCRIBED = "message.unsubscribed";
  public static final String SALES_OUTCOME = "sales.outcome";

  /**
   * A contact entered / left a segment (property {@code segment}); published by the segment
   * feature.
   */
  public static final String SEGMENT_ENTERED = "segment.entered";

  public static final String SEGMENT_LEFT = "segment.left";
  public static final String WEBINAR_ATTENDED = "webinar.attended";
  public static final String PRICE_ENQUIRED = "price.enquired";
  public static final String LEAD_QUALIFIED = "lead.qualified";
  public static final String TAG_ADDED = "tag.added";
  public static final String TAG_REMOVED = "tag.removed";

  public static final String CUSTOM_PREFIX = "custom.";

  public static final Set<String> KNOWN =
      Set.of(
          CONTACT_REGISTERED,
          FORM_SUBMITTED,
          PAGE_VIEWED,
          PRODUCT_VIEWED,
          CART_ADDED,
          ORDER_PLACED,
          COUPON_CLAIMED,
          LOGIN,
          EMAIL_OPENED,
          EMAIL_CLICKED,
          MESSAGE_DELIVERED,
          MESSAGE_BOUNCED,
          MESSAGE_COMPLAINED,
          MESSAGE_UNSUBSCRIBED,
          SALES_OUTCOME,
          SEGMENT_ENTERED,
          SEGMENT_LEFT,
          WEBINAR_ATTENDED,
          PRICE_ENQUIRED,
          LEAD_QUALIFIED,
          TAG_ADDED,
          TAG_REMOVED);

  /**
   * Prefixes of the message names that only Journeys sends through its own intake (double opt-in,
   * broadcasts): refused from REST and Kafka ({@link EventIntake#ingestFromOutside}).
   */
  public static final List<String> INTERNAL_PREFIXES =
      List.of("custom.consent.", "custom.broadcast.");

  public static boolean isInternal(String type) {
    return type != null && INTERNAL_PREFIXES.stream().anyMatch(type::startsWith);
  }

  public static boolean isValid(String type) {
    return type != null
        && (KNOWN.contains(type)
            || (type.startsWith(CUSTOM_PREFIX) && type.length() > CUSTOM_PREFIX.length()));
  }
}
