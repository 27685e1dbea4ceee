package io.journeys.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactFacts;
import io.journeys.support.IntegrationTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The batches of a re-scoring job on PostgreSQL: planned as contiguous id ranges that cover every
 * contact once, taken by one transaction at a time ({@code for update skip locked}: a second
 * transaction takes the next one instead of waiting), back to pending when the transaction that
 * held one rolls back (a crash), and the job done only when none is left.
 */
class RescoreBatchesIntegrationTest extends IntegrationTestSupport {

  @Autowired RescoreJobs jobs;
  @Autowired ContactFacts contacts;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void batchesCoverEveryContactOnceAndTwoTransactionsNeverHoldTheSameOne() throws Exception {
    // a version no scoring model has: the node's own re-scoring never works on it
    int version = 1_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
    TransactionTemplate tx = new TransactionTemplate(transactions);
    for (int i = 0; i < 25; i++) {
      jdbc.update(
          "insert into contact (id, email, locale, timezone, created_at, updated_at)"
              + " values (?, ?, 'en', 'UTC', now(), now())",
          "rb-" + version + "-" + i,
          "rb-" + version + "-" + i + "@example.com");
    }
    long population = jdbc.queryForObject("select count(*) from contact", Long.class);
    jobs.create(version, population, EngineClock.UTC.instant());
    List<String> ends = contacts.rangeEnds(null, 7);
    assertThat(ends).isSorted().doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(3);
    tx.executeWithoutResult(s -> jobs.plan(version, null, ends));
    assertThat(jobs.planned(version)).isTrue();
    assertThat(jobs.unfinished(version)).isEqualTo(ends.size() + 1);

    // one transaction holds the first batch; another takes the second without waiting
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<RescoreJobs.Batch> crashed =
        CompletableFuture.supplyAsync(
            () ->
                tx.execute(
                    s -> {
                      RescoreJobs.Batch b = jobs.claim(version).orElseThrow();
                      contacts.lockRange(b.afterContact(), b.upTo());
                      held.countDown();
                      await(release);
                      s.setRollbackOnly(); // the node dies before it commits
                      return b;
                    }));
    assertThat(held.await(1, TimeUnit.MINUTES)).as("the first transaction holds a batch").isTrue();
    RescoreJobs.Batch second = tx.execute(s -> jobs.claim(version).orElseThrow());
    release.countDown();
    RescoreJobs.Batch first = crashed.get(1, TimeUnit.MINUTES);
    assertThat(first.seq()).isZero();
    assertThat(first.afterContact()).isNull();
    assertThat(second.seq()).as("skipped the held batch").isEqualTo(1);

    // every batch done once, the rolled-back one included; the ranges cover each contact once
    List<String> seen = new ArrayList<>();
    List<Integer> order = new ArrayList<>();
    while (true) {
      Boolean took =
          tx.execute(
              s -> {
                RescoreJobs.Batch b = jobs.claim(version).orElse(null);
                if (b == null) {
                  return false;
                }
                List<String> ids = contacts.lockRange(b.afterContact(), b.upTo());
                seen.addAll(ids);
                order.add(b.seq());
                jobs.finish(b, ids, EngineClock.UTC.instant());
                return true;
              });
      if (!Boolean.TRUE.equals(took)) {
        break;
      }
    }
    assertThat(order.get(0)).as("the rolled-back batch is pending again").isZero();
    assertThat(order).doesNotHaveDuplicates().hasSize(ends.size() + 1);
    List<String> all = jdbc.queryForList("select id from contact order by id", String.class);
    assertThat(seen).containsExactlyElementsOf(all);
    assertThat(jobs.unfinished(version)).isZero();
    RescoreJobs.Job job = jobs.find(version).orElseThrow();
    assertThat(job.processed()).isEqualTo(all.size());
    assertThat(job.afterContact()).isEqualTo(all.get(all.size() - 1));
    assertThat(jobs.complete(version, EngineClock.UTC.instant())).isTrue();
    assertThat(jobs.complete(version, EngineClock.UTC.instant())).as("done once").isFalse();
    assertThat(jobs.find(version).orElseThrow().status()).isEqualTo(RescoreJobs.DONE);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
