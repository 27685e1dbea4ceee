package io.journeys.enrollment;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactErased;
import io.journeys.contact.ContactsMerged;
import io.journeys.segment.SegmentDirectory;
import jakarta.annotation.PreDestroy;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every node, every {@code journeys.enrollments.poll}: claims enrollments that need a node and
 * works them on a thread of its own (not the shared scheduler thread, so a long enrollment holds up
 * no other scheduled task), one at a time. At shutdown the node gives its leases back.
 */
@Component
class EnrollmentWorker {

  private static final Logger log = LoggerFactory.getLogger(EnrollmentWorker.class);

  private final EnrollmentRunner runner;
  private final Enrollments enrollments;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "enrollments");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean busy = new AtomicBoolean();

  EnrollmentWorker(
      Enrollments enrollments,
      SegmentDirectory segments,
      JourneyStarts starts,
      PlatformTransactionManager transactions,
      EnrollmentProperties properties) {
    this.enrollments = enrollments;
    this.runner =
        new EnrollmentRunner(
            "node-" + UUID.randomUUID(),
            enrollments,
            segments,
            starts,
            new TransactionTemplate(transactions),
            properties,
            EngineClock.UTC);
  }

  @Scheduled(fixedDelayString = "${journeys.enrollments.poll:PT2S}")
  void poll() {
    if (!busy.compareAndSet(false, true)) {
      return;
    }
    try {
      thread.execute(
          () -> {
            try {
              for (String id = runner.claimNext(); id != null; id = runner.claimNext()) {
                runner.run(id, Integer.MAX_VALUE);
              }
            } catch (RuntimeException e) {
              log.warn("Enrollment worker: {}", e.toString());
            } finally {
              busy.set(false);
            }
          });
    } catch (RejectedExecutionException shuttingDown) {
      busy.set(false);
    }
  }

  @EventListener
  void on(ContactErased erased) {
    enrollments.forget(erased.contactId());
  }

  @EventListener
  void on(ContactsMerged merged) {
    enrollments.rekey(merged.mergedId(), merged.survivorId());
  }

  @PreDestroy
  void stop() {
    thread.shutdownNow();
    try {
      enrollments.release(runner.nodeId());
    } catch (RuntimeException e) {
      log.info(
          "Enrollment leases of {} not released at shutdown: {}", runner.nodeId(), e.toString());
    }
  }
}
