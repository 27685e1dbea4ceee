package io.journeys.analytics;

/**
 * The class of a send rule's verdict, from the detail the rules write (the same classes as {@code
 * channel.MessageCounts.REASON_CLASS}, the query behind {@link VerdictCounts}): the reason without
 * its particulars.
 */
final class ReasonClass {

  private ReasonClass() {}

  static String of(String status, String detail) {
    String d = detail == null ? "" : detail;
    if (d.startsWith("holdout:")) {
      return "holdout";
    } else if (d.startsWith("contact erased")) {
      return "contact erased";
    } else if (d.startsWith("frequency cap ")) {
      return "frequency cap";
    } else if (d.contains("quiet hours")) {
      return "quiet hours";
    } else if (d.startsWith("no consent for ")) {
      return "no consent";
    } else if (d.contains(" address suppressed (")) {
      return "address suppressed";
    } else if (d.startsWith("email consent awaiting confirmation")) {
      return "awaiting double opt-in";
    } else if (d.startsWith("no email consent awaiting confirmation")) {
      return "nothing to confirm";
    }
    return "other";
  }
}
