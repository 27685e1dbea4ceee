package io.journeys.analytics;

import io.journeys.contact.Channel;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * One alert rule: a rate of the channel metrics per journey and channel (and node), or (channel
 * null) of the journey's entries per journey, its threshold, and the smallest denominator worth
 * judging. Relative rules compare today's and yesterday's rate with its mean over the 28 days
 * before and fire below {@code threshold} times that mean.
 */
record AlertRule(
    String id,
    String description,
    String seed,
    Channel channel,
    boolean byNode,
    Rate rate,
    boolean above,
    double threshold,
    boolean relativeToMean,
    long minimumDenominator) {

  /** A rate with its numerator and denominator over the rollups' metric sums. */
  enum Rate {
    BOUNCE(c -> c(c).bounced(), c -> c(c).sent()),
    FAILURE(c -> c(c).failedAttempts(), c -> c(c).sent() + c(c).failedAttempts()),
    SUCCESS(c -> c(c).sent(), c -> c(c).sent() + c(c).failedAttempts()),
    CLICK(c -> c(c).uniqueClicks(), c -> c(c).delivered()),
    /** Incidents raised in the journey's entries per entry. */
    ERROR(c -> n(c, "incidents"), c -> n(c, "entries"));

    final ToLongFunction<Map<String, Object[]>> numerator;
    final ToLongFunction<Map<String, Object[]>> denominator;

    Rate(
        ToLongFunction<Map<String, Object[]>> numerator,
        ToLongFunction<Map<String, Object[]>> denominator) {
      this.numerator = numerator;
      this.denominator = denominator;
    }

    double of(Map<String, Object[]> cells) {
      return (double) numerator.applyAsLong(cells) / denominator.applyAsLong(cells);
    }

    private static ChannelMetrics.Counts c(Map<String, Object[]> cells) {
      return ChannelMetrics.counts(cells);
    }

    private static long n(Map<String, Object[]> cells, String metric) {
      Object[] cell = cells.get(metric);
      return cell == null ? 0 : (Long) cell[0];
    }
  }

  /** The seeds' rules; the minimum denominator is {@code minimum} for each. */
  static List<AlertRule> defaults(long minimum) {
    return List.of(
        new AlertRule(
            "email-bounce-rate",
            "email bounce rate above 5 %",
            "000",
            Channel.EMAIL,
            false,
            Rate.BOUNCE,
            true,
            0.05,
            false,
            minimum),
        new AlertRule(
            "click-rate-30-below-mean",
            "email click rate 30 % below its mean of the 28 days before",
            "000",
            Channel.EMAIL,
            false,
            Rate.CLICK,
            false,
            0.7,
            true,
            minimum),
        new AlertRule(
            "sms-failure-rate",
            "SMS failure rate above 5 %",
            "001",
            Channel.SMS,
            false,
            Rate.FAILURE,
            true,
            0.05,
            false,
            minimum),
        new AlertRule(
            "sms-success-rate",
            "SMS success rate below 98 %",
            "001",
            Channel.SMS,
            false,
            Rate.SUCCESS,
            false,
            0.98,
            false,
            minimum),
        new AlertRule(
            "node-click-rate",
            "email click rate of a node below 5 %",
            "002",
            Channel.EMAIL,
            true,
            Rate.CLICK,
            false,
            0.05,
            false,
            minimum),
        new AlertRule(
            "click-rate-halved",
            "email click rate half its mean of the 28 days before",
            "003",
            Channel.EMAIL,
            false,
            Rate.CLICK,
            false,
            0.5,
            true,
            minimum),
        new AlertRule(
            "journey-error-rate",
            "incidents per journey entry above 1 %",
            "001",
            null,
            false,
            Rate.ERROR,
            true,
            0.01,
            false,
            minimum));
  }

  /** Whether a value breaks the rule. */
  boolean breached(double value) {
    return above ? value > threshold : value < threshold;
  }
}
