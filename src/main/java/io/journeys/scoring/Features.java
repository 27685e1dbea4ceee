package io.journeys.scoring;

import io.journeys.contact.ContactFacts.ProfileFacts;
import io.journeys.event.EventHistory.Activity;
import io.journeys.event.EventTypes;
import io.journeys.event.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The features tag rules read (the input columns of {@code dmn/contact-tags.dmn}), from the
 * contact's profile, its event counts per window and its orders of the last 365 days. RFM: recency
 * {@code daysSinceOrder}, frequency {@code orders365d}, monetary {@code spend365d} and {@code aov};
 * {@code churnProbability} and {@code aovRatio} are the predicted-tag scores.
 */
final class Features {

  /** Cutoffs the event counts are taken at: all time, 365, 180, 90, 30 and 7 days back. */
  static final int ALL = 0, D365 = 1, D180 = 2, D90 = 3, D30 = 4, D7 = 5;

  static final int[] DAYS = {-1, 365, 180, 90, 30, 7};

  /** Recency when there is no such event at all. */
  static final long NEVER = 99_999;

  /** What counts as an interaction (lifecycle: active, dormant, churned). */
  static final Set<String> INTERACTIONS =
      Set.of(
          EventTypes.LOGIN,
          EventTypes.PAGE_VIEWED,
          EventTypes.PRODUCT_VIEWED,
          EventTypes.CART_ADDED,
          EventTypes.ORDER_PLACED,
          EventTypes.FORM_SUBMITTED,
          EventTypes.EMAIL_OPENED,
          EventTypes.EMAIL_CLICKED,
          EventTypes.COUPON_CLAIMED,
          EventTypes.WEBINAR_ATTENDED,
          EventTypes.PRICE_ENQUIRED);

  /** Days the predicted-churn model looks ahead. */
  static final int CHURN_HORIZON_DAYS = 60;

  private Features() {}

  static List<Instant> cutoffs(Instant now) {
    return List.of(
        Instant.EPOCH,
        now.minus(Duration.ofDays(365)),
        now.minus(Duration.ofDays(180)),
        now.minus(Duration.ofDays(90)),
        now.minus(Duration.ofDays(30)),
        now.minus(Duration.ofDays(7)));
  }

  static Map<String, Object> of(
      ProfileFacts p,
      List<Activity> activity,
      List<StoredEvent> orderEvents,
      boolean mql,
      double meanAov,
      Instant now) {
    Map<String, Activity> byType = new LinkedHashMap<>();
    long interactions30 = 0;
    Instant lastInteraction = null;
    for (Activity a : activity) {
      byType.put(a.type(), a);
      if (INTERACTIONS.contains(a.type())) {
        interactions30 += a.countsSince()[D30];
        if (lastInteraction == null || a.last().isAfter(lastInteraction)) {
          lastInteraction = a.last();
        }
      }
    }
    double spend = 0;
    int priced = 0;
    for (StoredEvent o : orderEvents) {
      if (o.properties().get("amount") instanceof Number n) {
        spend += n.doubleValue();
        priced++;
      } else if (o.properties().get("amount") instanceof String s) {
        try {
          spend += Double.parseDouble(s);
          priced++;
        } catch (NumberFormatException ignored) {
          // an order without a readable amount counts as an order, not as spend
        }
      }
    }
    long orders365 = count(byType, EventTypes.ORDER_PLACED, D365);
    Double aov = priced == 0 ? null : spend / priced;
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("age", age(p.attributes().get("birthday"), now));
    f.put("gender", gender(p.attributes().get("gender")));
    f.put("daysSinceRegistered", days(p.createdAt(), now));
    f.put("productViews7d", count(byType, EventTypes.PRODUCT_VIEWED, D7));
    f.put("cartAdds30d", count(byType, EventTypes.CART_ADDED, D30));
    f.put("orders30d", count(byType, EventTypes.ORDER_PLACED, D30));
    f.put("orders180d", count(byType, EventTypes.ORDER_PLACED, D180));
    f.put("orders365d", orders365);
    f.put("orders", count(byType, EventTypes.ORDER_PLACED, ALL));
    f.put("spend365d", Math.round(spend * 100) / 100.0);
    f.put("aov", aov == null ? null : Math.round(aov * 100) / 100.0);
    f.put("daysSinceOrder", last(byType, EventTypes.ORDER_PLACED, now));
    f.put("daysSinceLogin", last(byType, EventTypes.LOGIN, now));
    f.put("interactions30d", interactions30);
    f.put("daysSinceInteraction", lastInteraction == null ? NEVER : days(lastInteraction, now));
    f.put("mql", mql);
    f.put("enquiries7d", count(byType, EventTypes.PRICE_ENQUIRED, D7));
    f.put("churnProbability", churnProbability(orders365));
    f.put(
        "aovRatio", aov == null || meanAov <= 0 ? 0.0 : Math.round(aov / meanAov * 1000) / 1000.0);
    return f;
  }

  /**
   * P(no order in the next 60 days) if orders come at the contact's rate of the last 365 days (a
   * Poisson process): e^(−60 × orders365 / 365). No order in 365 days: 1.
   */
  static double churnProbability(long orders365) {
    double p = Math.exp(-CHURN_HORIZON_DAYS * orders365 / 365.0);
    return Math.round(p * 1000) / 1000.0;
  }

  private static long count(Map<String, Activity> byType, String type, int cutoff) {
    Activity a = byType.get(type);
    return a == null ? 0 : a.countsSince()[cutoff];
  }

  private static long last(Map<String, Activity> byType, String type, Instant now) {
    Activity a = byType.get(type);
    return a == null ? NEVER : days(a.last(), now);
  }

  private static long days(Instant then, Instant now) {
    return Math.max(0, Duration.between(then, now).toDays());
  }

  /** Whole years since {@code birthday} (ISO date, e.g. 1994-05-20); null when unknown. */
  static Long age(Object birthday, Instant now) {
    if (!(birthday instanceof String s) || s.isBlank()) {
      return null;
    }
    try {
      LocalDate born =
          LocalDate.parse(s.trim().length() > 10 ? s.trim().substring(0, 10) : s.trim());
      return (long) Period.between(born, now.atOffset(ZoneOffset.UTC).toLocalDate()).getYears();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code female}, {@code male} or null, from f/female/woman/女 and m/male/man/男. */
  static String gender(Object value) {
    if (!(value instanceof String s)) {
      return null;
    }
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "f", "female", "woman", "女", "女性" -> "female";
      case "m", "male", "man", "男", "男性" -> "male";
      default -> null;
    };
  }
}
