package io.journeys.analytics;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One alert rule: a rate of the channel metrics per journey and channel (and node), its
 * threshold, and the smallest denominator worth judging. Relative rules compare today's and
 * yesterday's rate with its mean over the 28 days before and fire below {@code threshold} times
 * that mean.
 */
record AlertRule(String id, String description, String seed, String channel, boolean byNode,
    Rate rate, boolean above, double threshold, boolean relativeToMean,
    long minimumDenominator) {

  /** A rate with its numerator and denominator over counts. */
  enum Rate {
    BOUNCE(ChannelMetrics.Counts::bounced, ChannelMetrics.Counts::sent),
    FAILURE(ChannelMetrics.Counts::failedAttempts, c -> c.sent() + c.failedAttempts()),
    SUCCESS(ChannelMetrics.Counts::sent, c -> c.sent() + c.failedAttempts()),
    CLICK(ChannelMetrics.Counts::uniqueClicks, ChannelMetrics.Counts::delivered);

    final ToLongFunction<ChannelMetrics.Counts> numerator;
    final ToLongFunction<ChannelMetrics.Counts> denominator;

    Rate(ToLongFunction<ChannelMetrics.Counts> numerator,
        ToLongFunction<ChannelMetrics.Counts> denominator) {
      this.numerator = numerator;
      this.denominator = denominator;
    }

    double of(ChannelMetrics.Counts counts) {
      return (double) numerator.applyAsLong(counts) / denominator.applyAsLong(counts);
    }
  }

  /** The seeds' rules; the minimum denominator is {@code minimum} for each. */
  static List<AlertRule> defaults(long minimum) {
    return List.of(
        new AlertRule("email-bounce-rate", "email bounce rate above 5 %", "000", "email", false,
            Rate.BOUNCE, true, 0.05, false, minimum),
        new AlertRule("click-rate-30-below-mean",
            "email click rate 30 % below its mean of the 28 days before", "000", "email", false,
            Rate.CLICK, false, 0.7, true, minimum),
        new AlertRule("sms-failure-rate", "SMS failure rate above 5 %", "001", "sms", false,
            Rate.FAILURE, true, 0.05, false, minimum),
        new AlertRule("sms-success-rate", "SMS success rate below 98 %", "001", "sms", false,
            Rate.SUCCESS, false, 0.98, false, minimum),
        new AlertRule("node-click-rate", "email click rate of a node below 5 %", "002", "email",
            true, Rate.CLICK, false, 0.05, false, minimum),
        new AlertRule("click-rate-halved", "email click rate half its mean of the 28 days before",
            "003", "email", false, Rate.CLICK, false, 0.5, true, minimum));
  }

  /** Whether a value breaks the rule. */
  boolean breached(double value) {
    return above ? value > threshold : value < threshold;
  }
}
