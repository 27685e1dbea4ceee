package io.journeys.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Correlation (issue 14): {@code order.placed} events into cart-abandonment instances waiting on
 * their timer (enrolled through the enrollment API; the event ends them). Kafka bursts at a small
 * and at a large number of waiting instances (the ratio shows whether correlation slows as they
 * grow), the main run by REST batches against the engine's correlation by business key in a loop,
 * and Kafka-to-committed latency at a steady rate below the throughput.
 */
@ExtendWith(BenchExtension.class)
@Order(3)
class CorrelationBenchmark {

  private static final String PREFIX = "cw";

  @Test
  void correlation(Bench bench) throws Exception {
    int small = Bench.size("waiting-small", 10_000);
    int large = Bench.size("waiting-large", 200_000);
    int sample = Math.min(Bench.size("correlation-sample", 5_000), small / 2);
    int n = Bench.size("correlations", 100_000);
    int paced = Bench.size("latency-events", 30_000);
    int naive = Bench.size("naive-correlations", 20_000);
    int total = Math.max(large, small + sample + n + paced);
    bench.contacts(PREFIX, 0, total);

    bench.enroll(Bench.CART, PREFIX, 0, small);
    double atSmall = burst(bench, "kc1", 0, sample, small);
    bench.enroll(Bench.CART, PREFIX, small, total - small);
    double atLarge = burst(bench, "kc2", small, sample, total - sample);
    bench.report(
        "correlation by Kafka at " + (total - sample) + " waiting instances",
        "events/s",
        sample,
        atLarge,
        "the same at " + small + " waiting",
        atSmall,
        "within 20 % of the rate at the smaller number (ratio >= 0.8)",
        BenchResults.load(),
        sample / atLarge);

    bench.naiveStarts(Bench.CART, "cn", naive);
    long base = bench.client.count(Bench.ENDED, Bench.CART);
    double load = BenchResults.load();
    long t0 = System.nanoTime();
    int from = small + sample;
    bench.client.post(n, 2, i -> orderPlaced("co", from + i));
    bench.client.await(Bench.LIMIT, c -> c >= base + n, Bench.ENDED, Bench.CART);
    double secs = Bench.seconds(t0);
    double naiveLoad = BenchResults.load();
    long t1 = System.nanoTime();
    for (int i = 0; i < naive; i++) {
      bench
          .runtime
          .createMessageCorrelation("order.placed")
          .processInstanceBusinessKey(Bench.contactId("cn", i))
          .correlateWithResult();
    }
    double naiveRate = naive / Bench.seconds(t1);
    assertThat(bench.client.count(Bench.ENDED, Bench.CART)).isEqualTo(base + n + naive);
    bench.report(
        "correlation into " + (total - sample) + " waiting instances, REST batches of 500",
        "events/s",
        n,
        n / secs,
        "engine correlation by business key, loop of " + naive + " (load " + naiveLoad + ")",
        naiveRate,
        ">= 1,500/s",
        load,
        secs);

    latency(bench, from + n, paced, 0.7 * atLarge);
  }

  /** Correlates {@code n} events by Kafka at once; answers events per second. */
  private static double burst(Bench bench, String tag, int from, int n, int waiting)
      throws Exception {
    long base = bench.client.count(Bench.ENDED, Bench.CART);
    double load = BenchResults.load();
    long t0 = System.nanoTime();
    bench.client.produce(
        n, i -> Bench.contactId(PREFIX, from + i), i -> orderPlaced(tag, from + i));
    bench.client.await(Bench.LIMIT, c -> c >= base + n, Bench.ENDED, Bench.CART);
    double secs = Bench.seconds(t0);
    Bench.log.info(
        "correlation by Kafka, {} events into {} waiting: {} events/s (load {})",
        n,
        waiting,
        String.format("%.1f", n / secs),
        load);
    return n / secs;
  }

  /**
   * Kafka-to-committed latency: {@code n} events produced at {@code perSecond}; the ended instances
   * are counted every 50 ms, and the k-th event is taken as committed when the k-th instance ended
   * (first in, first out: exact per partition, an estimate across the six).
   */
  private static void latency(Bench bench, int from, int n, double perSecond) throws Exception {
    long base = bench.client.count(Bench.ENDED, Bench.CART);
    List<long[]> samples = new ArrayList<>();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleWithFixedDelay(
        () -> {
          long count = bench.client.count(Bench.ENDED, Bench.CART) - base;
          synchronized (samples) {
            samples.add(new long[] {System.nanoTime(), count});
          }
        },
        0,
        50,
        TimeUnit.MILLISECONDS);
    double load = BenchResults.load();
    long t0 = System.nanoTime();
    long[] sent;
    try {
      sent =
          bench.client.produce(
              n,
              perSecond,
              i -> Bench.contactId(PREFIX, from + i),
              i -> orderPlaced("kl", from + i));
      bench.client.await(Bench.LIMIT, c -> c >= base + n, Bench.ENDED, Bench.CART);
      Thread.sleep(100); // one more sample after the last
    } finally {
      sampler.shutdown();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
    }
    double secs = Bench.seconds(t0);
    double[] millis = new double[n];
    int s = 0;
    for (int k = 0; k < n; k++) {
      while (samples.get(s)[1] < k + 1) {
        s++;
      }
      millis[k] = (samples.get(s)[0] - sent[k]) / 1e6;
    }
    Arrays.sort(millis);
    double p99 = millis[(int) Math.ceil(0.99 * n) - 1];
    Bench.log.info(
        "Kafka-to-committed at {} events/s: p50 {} ms, p99 {} ms, max {} ms",
        String.format("%.0f", perSecond),
        Math.round(millis[n / 2]),
        Math.round(p99),
        Math.round(millis[n - 1]));
    bench.report(
        "correlation by Kafka: p99 Kafka-to-committed at "
            + Math.round(perSecond)
            + " events/s (p50 "
            + Math.round(millis[n / 2])
            + " ms)",
        "ms",
        n,
        p99,
        null,
        null,
        "<= 2,000 ms",
        load,
        secs);
  }

  private static String orderPlaced(String tag, int i) {
    return BenchClient.event(
        tag + "-" + i,
        "order.placed",
        "\"contactId\":\"" + Bench.contactId(PREFIX, i) + "\"",
        "{\"orderId\":\"" + tag + "-" + i + "\",\"amount\":9.9,\"currency\":\"CNY\"}");
  }
}
