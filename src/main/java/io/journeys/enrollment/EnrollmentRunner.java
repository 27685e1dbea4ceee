package io.journeys.enrollment;

import io.journeys.config.EngineClock;
import io.journeys.segment.SegmentDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works enrollments as one node ({@code nodeId}): claims one whose lease is free or stale and runs
 * its batches, each in one transaction that renews the lease (locking the row), reads the next
 * contacts after the cursor, starts their journeys and moves the cursor and counts. A node that
 * stops mid-way loses only its uncommitted batch; once its lease is older than {@code staleAfter}
 * another node claims the enrollment and goes on from the cursor, so each contact is worked by
 * exactly one committed batch.
 */
class EnrollmentRunner {

  private static final Logger log = LoggerFactory.getLogger(EnrollmentRunner.class);

  private final String nodeId;
  private final Enrollments enrollments;
  private final SegmentDirectory segments;
  private final BatchStarter starter;
  private final TransactionTemplate tx;
  private final EnrollmentProperties properties;
  private final Clock clock;

  EnrollmentRunner(
      String nodeId,
      Enrollments enrollments,
      SegmentDirectory segments,
      BatchStarter starter,
      TransactionTemplate tx,
      EnrollmentProperties properties,
      Clock clock) {
    this.nodeId = nodeId;
    this.enrollments = enrollments;
    this.segments = segments;
    this.starter = starter;
    this.tx = tx;
    this.properties = properties;
    this.clock = clock;
  }

  String nodeId() {
    return nodeId;
  }

  /** Claims the oldest enrollment that needs a node; null when there is none. */
  String claimNext() {
    Instant now = clock.instant();
    Instant staleBefore = now.minus(properties.staleAfter());
    for (String id : enrollments.claimable(staleBefore, 10)) {
      if (enrollments.claim(id, nodeId, now, staleBefore)) {
        return id;
      }
    }
    return null;
  }

  /**
   * Runs up to {@code maxBatches} batches of a claimed enrollment; answers how many committed.
   * Stops at the end (status {@code done}), when the lease was lost, or on a failure (the batch is
   * rolled back; after {@code max-attempts} failures of the same batch the enrollment ends {@code
   * failed} with the reason).
   */
  int run(String id, int maxBatches) {
    int done = 0;
    int failures = 0;
    while (done < maxBatches) {
      Step step;
      try {
        step = tx.execute(s -> batch(id));
      } catch (RuntimeException e) {
        failures++;
        log.warn("Enrollment {}: batch failed (attempt {}): {}", id, failures, e.toString());
        if (failures >= properties.maxAttempts()) {
          tx.executeWithoutResult(
              s -> enrollments.finish(id, Enrollment.FAILED, reason(e), clock.instant()));
          return done;
        }
        continue;
      }
      if (step != Step.MORE) {
        return done;
      }
      done++;
      failures = 0;
    }
    return done;
  }

  private enum Step {
    MORE,
    FINISHED,
    LOST
  }

  private Step batch(String id) {
    Instant now = clock.instant();
    if (!enrollments.renew(id, nodeId, now)) {
      log.info("Enrollment {}: lease taken over by another node; this node stops", id);
      return Step.LOST;
    }
    Enrollment e = enrollments.find(id).orElseThrow();
    List<String> contacts =
        e.segmentKey() == null
            ? enrollments.listed(id, e.position(), properties.batchSize())
            : segments.members(e.segmentKey(), e.position(), properties.batchSize());
    if (contacts.isEmpty()) {
      enrollments.finish(id, Enrollment.DONE, null, now);
      log.info("Enrollment {} into {} done: {} enrolled", id, e.processKey(), e.enrolled());
      return Step.FINISHED;
    }
    BatchOutcome outcome = starter.start(e.processKey(), contacts, id, EngineClock.now());
    enrollments.advance(id, contacts.get(contacts.size() - 1), outcome);
    return Step.MORE;
  }

  private static String reason(RuntimeException e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return text.length() > 1000 ? text.substring(0, 1000) : text;
  }

  /** The lease's age limit, for tests and logs. */
  Duration staleAfter() {
    return properties.staleAfter();
  }
}
