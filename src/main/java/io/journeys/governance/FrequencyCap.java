package io.journeys.governance;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code limit} messages per contact in {@code window}, on one channel or on all ({@code
 * channel} {@code all}), optionally only for contacts carrying {@code tag}.
 */
record FrequencyCap(String channel, int limit, Duration window, String tag) {

  static final String ALL = "all";
  private static final Pattern RULE =
      Pattern.compile("\\s*(\\d+)\\s*/\\s*(P\\S+)\\s*(?:tag\\s*=\\s*(\\S+))?\\s*");

  FrequencyCap {
    if (limit < 0 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a cap needs a limit >= 0 and a positive window");
    }
  }

  /** Parses {@code "2/P1D, 3/P3D tag=new-member"} for one channel (or {@code all}). */
  static List<FrequencyCap> parseAll(String channel, String rules) {
    List<FrequencyCap> caps = new ArrayList<>();
    if (rules == null || rules.isBlank()) {
      return caps;
    }
    for (String rule : rules.split(",")) {
      Matcher m = RULE.matcher(rule);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "journeys.send-rules.caps."
                + channel
                + ": '"
                + rule
                + "' is not <limit>/<ISO-8601 duration> [tag=<tag>]");
      }
      try {
        caps.add(
            new FrequencyCap(
                channel, Integer.parseInt(m.group(1)), Duration.parse(m.group(2)), m.group(3)));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "journeys.send-rules.caps."
                + channel
                + ": '"
                + m.group(2)
                + "' is not an ISO-8601 duration such as P1D or PT12H",
            e);
      }
    }
    return caps;
  }

  boolean appliesTo(String sendChannel, java.util.Set<String> tags) {
    return (ALL.equals(channel) || channel.equals(sendChannel))
        && (tag == null || (tags != null && tags.contains(tag)));
  }

  /** How the cap reads in a verdict: {@code email 2/P1D} or {@code all 3/P3D tag=new-member}. */
  String describe() {
    String period =
        window.toSeconds() % 86_400 == 0 ? "P" + window.toDays() + "D" : window.toString();
    return channel + " " + limit + "/" + period + (tag == null ? "" : " tag=" + tag);
  }
}
