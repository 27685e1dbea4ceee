package io.journeys.bench;

import io.journeys.journey.EngineEventBatchAccess;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Event-driven starts (issue 14): {@code cart.added} by REST batches of 500 and as Kafka records,
 * each starting cart-abandonment (it waits on its 24 h timer), against a naive {@code
 * startProcessInstanceByKey} loop in the same run; and the footprint of those instances with the
 * events and contacts they brought.
 */
@ExtendWith(BenchExtension.class)
@Order(2)
class EventStartsBenchmark {

  @Test
  void startsByRestAndKafka(Bench bench) throws Exception {
    int n = Bench.size("starts", 100_000);
    int kafka = Bench.size("kafka-starts", 50_000);
    int naive = Bench.size("naive-starts", 20_000);
    // a database that has run for a while: some instances, and planner statistics (autovacuum's
    // analyze); on a fresh database PostgreSQL keeps plans made for empty tables
    bench.client.post(Bench.size("warmup", 10_000), 2, i -> cartAdded("w", i));
    bench.jdbc.execute("analyze");

    // the lever: the same starts with one engine command per event, as before
    int single = Bench.size("starts-single", 20_000);
    EngineEventBatchAccess.set(bench.peers.app, false);
    long singleBase = bench.client.count(Bench.STARTED, Bench.CART);
    double singleLoad = BenchResults.load();
    long ts = System.nanoTime();
    bench.client.post(single, 2, i -> cartAdded("e", i));
    bench.client.await(Bench.LIMIT, c -> c >= singleBase + single, Bench.STARTED, Bench.CART);
    double singleRate = single / Bench.seconds(ts);
    EngineEventBatchAccess.set(bench.peers.app, true);

    Map<String, Long> before = bench.client.footprint();
    long base = bench.client.count(Bench.STARTED, Bench.CART);
    double load = BenchResults.load();
    long t0 = System.nanoTime();
    bench.client.post(n, 2, i -> cartAdded("s", i));
    bench.client.await(Bench.LIMIT, c -> c >= base + n, Bench.STARTED, Bench.CART);
    double secs = Bench.seconds(t0);
    bench.footprint("started by events (with their events and contacts)", before, n, load, secs);

    double naiveLoad = BenchResults.load();
    double naiveRate = bench.naiveStarts(Bench.CART, "ns", naive);
    String baseline =
        "naive startProcessInstanceByKey loop, " + naive + " starts (load " + naiveLoad + ")";
    bench.report(
        "event-driven starts, REST batches of 500",
        "starts/s",
        n,
        n / secs,
        baseline,
        naiveRate,
        ">= 1,500/s",
        load,
        secs);
    bench.report(
        "event-driven starts, REST batches of 500, a batch's starts in one engine command",
        "starts/s",
        n,
        n / secs,
        "one engine command per event (journeys.events.engine-batch=false), "
            + single
            + " starts (load "
            + singleLoad
            + ")",
        singleRate,
        "lever",
        load,
        secs);

    long kafkaBase = bench.client.count(Bench.STARTED, Bench.CART);
    double kafkaLoad = BenchResults.load();
    long t1 = System.nanoTime();
    bench.client.produce(kafka, i -> "k-" + i + "@bench.test", i -> cartAdded("k", i));
    bench.client.await(Bench.LIMIT, c -> c >= kafkaBase + kafka, Bench.STARTED, Bench.CART);
    double kafkaSecs = Bench.seconds(t1);
    bench.report(
        "event-driven starts, Kafka",
        "starts/s",
        kafka,
        kafka / kafkaSecs,
        baseline,
        naiveRate,
        ">= 1,500/s",
        kafkaLoad,
        kafkaSecs);
  }

  private static String cartAdded(String prefix, int i) {
    return BenchClient.event(
        prefix + "-" + i, "cart.added", BenchClient.email(prefix, i), Bench.CART_ADDED);
  }
}
