package io.journeys.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets (Bucket4j) per key, such as a client IP: {@code capacity} per {@code window},
 * refilled gradually. The map keeps the most recently used keys only, so that a flood of new
 * addresses cannot exhaust memory (a forgotten key starts again with a full bucket).
 */
final class RateLimits {

  private static final int MAX_KEYS = 100_000;

  private final long capacity;
  private final Duration window;
  private final Map<String, Bucket> buckets =
      Collections.synchronizedMap(
          new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
              return size() > MAX_KEYS;
            }
          });

  RateLimits(long capacity, Duration window) {
    this.capacity = capacity;
    this.window = window;
  }

  /** Takes one token; answers the seconds to wait when there was none, else 0. */
  long take(String key) {
    ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? 0 : waitSeconds(probe.getNanosToWaitForRefill());
  }

  /** The seconds to wait before the next token of {@code key}, without taking one; 0 if free. */
  long waitFor(String key) {
    Bucket bucket = buckets.get(key);
    if (bucket == null || bucket.getAvailableTokens() > 0) {
      return 0;
    }
    return waitSeconds(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
  }

  private Bucket bucket(String key) {
    return buckets.computeIfAbsent(
        key,
        k ->
            Bucket.builder()
                .addLimit(
                    Bandwidth.builder()
                        .capacity(capacity)
                        .refillIntervally(capacity, window)
                        .build())
                .build());
  }

  private static long waitSeconds(long nanos) {
    return Math.max(1, Duration.ofNanos(nanos).toSeconds() + 1);
  }
}
