package io.journeys.enrollment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bulk enrollments ({@code journeys.enrollments.*}; docs/segments.md).
 *
 * @param batchSize contacts per transaction (default 500)
 * @param poll how often each node looks for enrollments to work (default 2 s)
 * @param staleAfter a lease not renewed for this long is taken over by another node (default 1 min)
 * @param maxAttempts failures of the same batch before the enrollment ends {@code failed} (default
 *     3)
 */
@ConfigurationProperties("journeys.enrollments")
record EnrollmentProperties(
    Integer batchSize, Duration poll, Duration staleAfter, Integer maxAttempts) {

  EnrollmentProperties {
    batchSize = batchSize == null ? 500 : batchSize;
    poll = poll == null ? Duration.ofSeconds(2) : poll;
    staleAfter = staleAfter == null ? Duration.ofMinutes(1) : staleAfter;
    maxAttempts = maxAttempts == null ? 3 : maxAttempts;
    if (batchSize < 1
        || batchSize > 2000
        || maxAttempts < 1
        || staleAfter.isNegative()
        || staleAfter.isZero()) {
      throw new IllegalArgumentException(
          "journeys.enrollments: batch-size 1-2000, max-attempts >= 1," + " stale-after positive");
    }
  }
}
