package io.journeys.analytics;

/** Ratios of counts, rounded to 4 decimals; null when the denominator is 0 (no rate). */
final class Rates {

  private Rates() {}

  static Double ratio(long numerator, long denominator) {
    if (denominator <= 0) {
      return null;
    }
    return Math.round(numerator * 10000.0 / denominator) / 10000.0;
  }
}
