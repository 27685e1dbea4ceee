package io.journeys.enrollment;

import java.time.Instant;

/**
 * One enrollment request as stored (table {@code enrollment}).
 *
 * @param position the last contact id done (batches go in contact id order); "" before the first
 * @param requested how many contacts the list named (distinct); null for a segment
 */
record Enrollment(
    String id,
    String processKey,
    String segmentKey,
    String status,
    String position,
    Integer requested,
    int enrolled,
    int skippedRunning,
    int skippedReentry,
    int skippedMissing,
    int batches,
    String ownerNode,
    String error,
    Instant createdAt,
    Instant finishedAt) {

  static final String PENDING = "pending";
  static final String RUNNING = "running";
  static final String DONE = "done";
  static final String FAILED = "failed";
}
