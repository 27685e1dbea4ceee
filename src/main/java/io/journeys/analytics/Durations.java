package io.journeys.analytics;

import java.util.Map;
import java.util.TreeMap;

/**
 * The histogram of the time visits spent in a node, kept in the day rollups: bucket 0 holds
 * durations under 1 ms, bucket {@code b ≥ 1} those from 2^((b−1)/16) ms up to 2^(b/16) ms (16
 * buckets per doubling, each 4.4 % wide); each bucket counts the visits ({@code n}) and sums their
 * milliseconds ({@code amount}). The median is the mean of the bucket holding the middle visit (for
 * an even count, the average for the two middle visits), so it lies in the same bucket as the exact
 * median: within 4.4 % of it, and exact when the visits of that bucket took equally long.
 */
final class Durations {

  static final String PREFIX = "t:";
  private static final double PER_DOUBLING = 16;

  private Durations() {}

  static int bucket(long ms) {
    if (ms < 1) {
      return 0;
    }
    return 1 + (int) Math.floor(PER_DOUBLING * Math.log(ms) / Math.log(2));
  }

  /** The rollup metric of a duration: {@code t:<bucket>}. */
  static String metric(long ms) {
    return PREFIX + bucket(ms);
  }

  /** Accumulates the buckets of one node; {@link #median()} in seconds, null when empty. */
  static final class Histogram {
    private final TreeMap<Integer, long[]> buckets = new TreeMap<>();
    private final Map<Integer, java.math.BigDecimal> sums = new TreeMap<>();

    /** Adds a rollup cell of metric {@code t:<bucket>}. */
    void add(String metric, long n, java.math.BigDecimal ms) {
      int bucket = Integer.parseInt(metric.substring(PREFIX.length()));
      buckets.computeIfAbsent(bucket, b -> new long[1])[0] += n;
      sums.merge(bucket, ms, java.math.BigDecimal::add);
    }

    Double median() {
      long total = buckets.values().stream().mapToLong(c -> c[0]).sum();
      if (total <= 0) {
        return null;
      }
      double low = meanAt((total - 1) / 2);
      double high = meanAt(total / 2);
      return (low + high) / 2 / 1000.0;
    }

    /** The mean milliseconds of the bucket holding the visit of 0-based rank {@code rank}. */
    private double meanAt(long rank) {
      long seen = 0;
      for (Map.Entry<Integer, long[]> e : buckets.entrySet()) {
        long n = e.getValue()[0];
        seen += n;
        if (rank < seen && n > 0) {
          return sums.get(e.getKey()).doubleValue() / n;
        }
      }
      throw new IllegalStateException("rank " + rank + " beyond the histogram");
    }
  }
}
