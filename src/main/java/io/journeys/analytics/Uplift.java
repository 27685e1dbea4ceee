package io.journeys.analytics;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Uplift of a treatment over its control group in goal conversion: {@code uplift = (rate_t -
 * rate_c) / rate_c = rate_t / rate_c - 1}, with a 95 % confidence interval from the Katz log
 * interval of the ratio of rates: {@code exp(ln(rr) ± z * sqrt(1/x_t - 1/n_t + 1/x_c - 1/n_c)) -
 * 1}, z = 1.959964. No uplift without control conversions; no interval without conversions on both
 * sides.
 */
record Uplift(Group treatment, Group control, Double uplift, Double upliftLow, Double upliftHigh) {

  /** Entries and conversions of one side. */
  record Group(long entries, long conversions, Double conversionRate) {
    static Group of(long entries, long conversions) {
      return new Group(entries, conversions, Rates.ratio(conversions, entries));
    }
  }

  static Uplift of(
      long treatedEntries, long treatedConversions, long controlEntries, long controlConversions) {
    Group t = Group.of(treatedEntries, treatedConversions);
    Group c = Group.of(controlEntries, controlConversions);
    if (treatedEntries == 0 || controlEntries == 0 || controlConversions == 0) {
      return new Uplift(t, c, null, null, null);
    }
    double ratio =
        ((double) treatedConversions / treatedEntries)
            / ((double) controlConversions / controlEntries);
    if (treatedConversions == 0) {
      return new Uplift(t, c, round(ratio - 1), null, null);
    }
    double se =
        Math.sqrt(
            1.0 / treatedConversions
                - 1.0 / treatedEntries
                + 1.0 / controlConversions
                - 1.0 / controlEntries);
    double z = new NormalDistribution(0, 1).inverseCumulativeProbability(0.975);
    return new Uplift(
        t,
        c,
        round(ratio - 1),
        round(Math.exp(Math.log(ratio) - z * se) - 1),
        round(Math.exp(Math.log(ratio) + z * se) - 1));
  }

  private static double round(double value) {
    return Math.round(value * 10000) / 10000.0;
  }
}
