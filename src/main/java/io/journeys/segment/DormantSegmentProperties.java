package io.journeys.segment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The "dormant member" segment's thresholds ({@code journeys.segments.dormant.*}; README
 * "Segments").
 *
 * @param registeredFor a member counts as dormant only when registered (contact created) longer ago
 * @param noOrderFor ... and without an {@code order.placed} event within this window
 * @param batchSize contacts entered per scan job (one transaction each)
 */
@ConfigurationProperties("journeys.segments.dormant")
record DormantSegmentProperties(Duration registeredFor, Duration noOrderFor, Integer batchSize) {

  DormantSegmentProperties {
    registeredFor = registeredFor == null ? Duration.ofDays(180) : registeredFor;
    noOrderFor = noOrderFor == null ? Duration.ofDays(90) : noOrderFor;
    batchSize = batchSize == null ? 500 : batchSize;
    if (registeredFor.isNegative() || noOrderFor.isNegative() || batchSize < 1) {
      throw new IllegalArgumentException("journeys.segments.dormant: durations must not be negative"
          + " and batch-size must be at least 1");
    }
  }
}
