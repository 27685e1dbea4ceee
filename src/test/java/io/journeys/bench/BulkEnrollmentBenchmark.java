package io.journeys.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bulk enrollment (issue 14): contacts enrolled into cart-abandonment (it waits on its 24 h timer)
 * through the enrollment API, against a naive {@code startProcessInstanceByKey} loop in the same
 * run; and the footprint of the waiting instances this leaves.
 */
@ExtendWith(BenchExtension.class)
@Order(1)
class BulkEnrollmentBenchmark {

  @Test
  void enrollmentApi(Bench bench) throws Exception {
    int n = Bench.size("enrollment", 100_000);
    int naive = Bench.size("naive-starts", 20_000);
    bench.contacts("en", 0, n);
    bench.jdbc.execute("analyze");
    long base = bench.client.count(Bench.STARTED, Bench.CART);
    double naiveLoad = BenchResults.load();
    double naiveRate = bench.naiveStarts(Bench.CART, "nv", naive);
    var before = bench.client.footprint();
    double load = BenchResults.load();
    long t0 = System.nanoTime();
    bench.enroll(Bench.CART, "en", 0, n);
    double secs = Bench.seconds(t0);
    assertThat(bench.client.count(Bench.STARTED, Bench.CART)).isEqualTo(base + naive + n);
    bench.report(
        "bulk enrollment through the enrollment API (cart-abandonment, waits on a timer)",
        "contacts/s",
        n,
        n / secs,
        "naive startProcessInstanceByKey loop, " + naive + " starts (load " + naiveLoad + ")",
        naiveRate,
        ">= 3,000/s and >= 5x the naive loop",
        load,
        secs);
    bench.footprint("enrolled (runtime + history + ours)", before, n, load, secs);
  }
}
