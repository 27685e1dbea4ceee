package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.event.StoredEvent;
import io.journeys.support.IntegrationTestSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The retry table on PostgreSQL: one claim per row across concurrent claimers, bounded retries. */
class PendingCorrelationsIntegrationTest extends IntegrationTestSupport {

  @Autowired PendingCorrelations pending;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void aKeptEventIsClaimedByExactlyOneOfManyConcurrentClaimers() throws Exception {
    String eventId = "e-pending-" + UUID.randomUUID();
    TransactionTemplate tx = new TransactionTemplate(transactions);
    tx.executeWithoutResult(
        s -> {
          pending.later(event(eventId), "pi-1");
          outOfTheRetriersWay(eventId);
        });

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> claimers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        claimers.add(() -> tx.execute(s -> pending.claim(eventId) != null));
      }
      long claimed = 0;
      for (Future<Boolean> result : pool.invokeAll(claimers)) {
        claimed += result.get() ? 1 : 0;
      }
      assertThat(claimed).isOne();
    } finally {
      pool.shutdown();
    }
    assertThat(count(eventId)).isZero();
  }

  @Test
  void aClaimedEventGoesBackWithBackoffUntilItsWindowEnds() {
    String eventId = "e-pending-" + UUID.randomUUID();
    TransactionTemplate tx = new TransactionTemplate(transactions);
    tx.executeWithoutResult(
        s -> {
          pending.later(event(eventId), null);
          outOfTheRetriersWay(eventId);
        });

    PendingCorrelations.Pending claimed = tx.execute(s -> pending.claim(eventId));
    assertThat(claimed.processInstanceId()).isNull();
    assertThat(claimed.type()).isEqualTo("order.placed");
    Boolean keptAgain =
        tx.execute(
            s -> {
              boolean kept = pending.retryAgain(claimed);
              outOfTheRetriersWay(eventId);
              return kept;
            });
    assertThat(keptAgain).isTrue();
    assertThat(
            jdbc.queryForObject(
                "select attempts from pending_correlation where event_id = ?",
                Integer.class,
                eventId))
        .isOne();

    PendingCorrelations.Pending expired =
        new PendingCorrelations.Pending(
            eventId, "order.placed", "c-1", null, 5, Instant.now().minusSeconds(1));
    tx.executeWithoutResult(s -> pending.claim(eventId));
    Boolean keptAfterWindow = tx.execute(s -> pending.retryAgain(expired));
    assertThat(keptAfterWindow).isFalse();
    assertThat(count(eventId)).isZero();
  }

  /** An event whose journey is paused starts its window again instead of running out. */
  @Test
  void aPostponedEventGetsAFreshWindow() {
    String eventId = "e-paused-" + UUID.randomUUID();
    TransactionTemplate tx = new TransactionTemplate(transactions);
    PendingCorrelations.Pending almostExpired =
        new PendingCorrelations.Pending(
            eventId, "order.placed", "c-1", null, 9, Instant.now().plusSeconds(1));

    tx.executeWithoutResult(
        s -> {
          pending.postpone(almostExpired);
          outOfTheRetriersWay(eventId);
        });

    assertThat(
            jdbc.queryForObject(
                "select expires_at from pending_correlation where event_id = ?",
                java.sql.Timestamp.class,
                eventId))
        .as("a fresh window of journeys.correlation.retry-for (10 minutes)")
        .isAfter(java.sql.Timestamp.from(Instant.now().plusSeconds(300)));
    assertThat(
            jdbc.queryForObject(
                "select attempts from pending_correlation where event_id = ?",
                Integer.class,
                eventId))
        .isEqualTo(10);
  }

  /**
   * The application's own retrier (CorrelationRetrier, every second) claims every row that is due,
   * this test's among them: a row written here is due 1 s later, and a loaded machine can take
   * longer than that to reach the test's next step. Moving the next attempt an hour on, in the
   * transaction that writes the row, keeps the rows this test claims to the test.
   */
  private void outOfTheRetriersWay(String eventId) {
    assertThat(
            jdbc.update(
                "update pending_correlation set next_attempt_at = next_attempt_at + interval '1 hour'"
                    + " where event_id = ?",
                eventId))
        .isOne();
  }

  private int count(String eventId) {
    return jdbc.queryForObject(
        "select count(*) from pending_correlation where event_id = ?", Integer.class, eventId);
  }

  private static StoredEvent event(String id) {
    return new StoredEvent(id, "order.placed", "c-1", Instant.now(), Map.of());
  }
}
