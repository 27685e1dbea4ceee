package io.journeys.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.analytics.RecordingAccess;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What recording analytics costs (issue 13: at most 10 % of send and correlation throughput), on
 * {@link BenchPeers} (PostgreSQL with fsync on, SMTP): rounds with analytics recording off and on,
 * in blocks of four (off, on, on, off, off, on, on, off, …) so that the load of the shared machine
 * falls on both alike and a steady drift (the application warming up, tables growing) weighs on
 * both settings equally (with plain alternation the "on" rounds come later on average). Each round
 * starts {@code n} cart-abandonment journeys by REST (timed: starts/s), correlates an {@code
 * order.placed} into each (timed: correlations/s), and sends {@code n} welcome emails end to end
 * with the job executor (form.submitted → the welcome email, {@link WelcomeEmail}, timed:
 * emails/s). Prints per scenario the mean of the rounds with recording off (the baseline), on, and
 * the ratio; writes them to {@code target/bench/analytics-recording/results.json}. Asserts only
 * that everything happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsRecordingBenchmark {

  private static final Logger log = LoggerFactory.getLogger("benchmark");
  private static final Duration LIMIT = Duration.ofMinutes(Long.getLong("bench.limit-minutes", 10));
  private static final String CART = "cart-abandonment";
  private static final String STARTED =
      "select count(*) from act_hi_procinst where proc_def_key_ = ?";
  private static final String ENDED = STARTED + " and end_time_ is not null";
  private static final String SENT =
      "select count(*) from message where template = ? and status = 'SENT'";

  private BenchPeers peers;
  private BenchClient client;
  private BenchExecutor executor;
  private BenchResults results;

  @BeforeAll
  void start() throws Exception {
    peers = new BenchPeers(Integer.getInteger("bench.provider-latency-ms", 50));
    client =
        new BenchClient(
            peers.port(),
            peers.kafka.getBrokersAsString(),
            peers.app.getBean(org.springframework.jdbc.core.JdbcTemplate.class));
    executor = new BenchExecutor(peers.app.getBean(org.camunda.bpm.engine.ProcessEngine.class));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("postgresql", peers.durability);
    results = new BenchResults(settings);
  }

  @AfterAll
  void stop() throws Exception {
    if (results != null) {
      results.write(
          Path.of(System.getProperty("bench.out", "target/bench")).resolve("analytics-recording"));
    }
    if (executor != null) {
      executor.stop();
    }
    if (peers != null) {
      RecordingAccess.set(peers.app, true);
      peers.close();
    }
  }

  @Test
  void recordingCostsAtMostATenthOfThroughput() throws Exception {
    int n = Bench.size("recording", 1_000);
    int rounds = Integer.getInteger("bench.recording-rounds", 4);
    // warm-up (JIT, plans, connection pool), recording on, not counted
    round("warm", Math.max(200, n / 5), true);
    client.count("select 1");
    peers.app.getBean(org.springframework.jdbc.core.JdbcTemplate.class).execute("analyze");
    double[][] sums = new double[2][3];
    int[] counts = new int[2];
    double load = BenchResults.load();
    long t0 = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      boolean on = r % 4 == 1 || r % 4 == 2;
      counts[on ? 1 : 0]++;
      double[] rates = round("r" + r, n, on);
      for (int k = 0; k < 3; k++) {
        sums[on ? 1 : 0][k] += rates[k];
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    String[] names = {
      "journey starts by REST", "correlation of order.placed", "welcome emails end to end"
    };
    String[] units = {"starts/s", "events/s", "emails/s"};
    for (int k = 0; k < 3; k++) {
      double off = sums[0][k] / counts[0];
      double on = sums[1][k] / counts[1];
      log.info(
          "{}: recording off {} {}, on {} {}: on/off {}",
          names[k],
          String.format("%.0f", off),
          units[k],
          String.format("%.0f", on),
          units[k],
          String.format("%.3f", on / off));
      results.add(
          new BenchResults.Row(
              names[k] + ", analytics recording on",
              units[k],
              (long) n * counts[1],
              on,
              "analytics recording off, rounds off-on-on-off",
              off,
              on / off,
              ">= 0.90 (recording costs <= 10 %)",
              load,
              BenchResults.load(),
              secs));
    }
  }

  /** One round; returns starts/s, correlations/s and emails/s. */
  private double[] round(String prefix, int n, boolean on) throws Exception {
    RecordingAccess.set(peers.app, on);
    long started = client.count(STARTED, CART);
    long t0 = System.nanoTime();
    client.post(
        n,
        2,
        i ->
            BenchClient.event(
                prefix + "-s-" + i,
                "cart.added",
                BenchClient.email(prefix + "-cart", i),
                "{\"productId\":\"p-1\",\"quantity\":1,\"price\":9.9}"));
    client.await(LIMIT, c -> c >= started + n, STARTED, CART);
    double starts = n / seconds(t0);

    long ended = client.count(ENDED, CART);
    long t1 = System.nanoTime();
    client.post(
        n,
        2,
        i ->
            BenchClient.event(
                prefix + "-o-" + i,
                "order.placed",
                BenchClient.email(prefix + "-cart", i),
                "{\"orderId\":\"" + prefix + "-" + i + "\",\"amount\":9.9,\"currency\":\"CNY\"}"));
    client.await(LIMIT, c -> c >= ended + n, ENDED, CART);
    double correlations = n / seconds(t1);

    String welcome = WelcomeEmail.template(peers.app);
    long sent = client.count(SENT, welcome);
    Timestamp since = client.now();
    executor.start(Bench.TUNED);
    long t2 = System.nanoTime();
    client.post(
        n,
        2,
        i ->
            BenchClient.event(
                prefix + "-f-" + i,
                WelcomeEmail.EVENT,
                BenchClient.email(prefix + "-lead", i),
                "{\"formId\":\"bench\",\"fields\":{}}"));
    client.await(
        LIMIT, Bench.STALL, () -> client.diagnosis(since), c -> c >= sent + n, SENT, welcome);
    double emails = n / seconds(t2);
    executor.stop();
    long recorded =
        client.count(
            "select count(*) from analytics_message m join message x on x.id = m.message_id"
                + " where x.contact_id in (select id from contact where email like ?)",
            prefix + "-lead-%");
    assertThat(recorded).as("analytics recorded the round's emails").isEqualTo(on ? n : 0);
    log.info(
        "round {} (recording {}): {} starts/s, {} correlations/s, {} emails/s (load {})",
        prefix,
        on ? "on" : "off",
        String.format("%.0f", starts),
        String.format("%.0f", correlations),
        String.format("%.0f", emails),
        BenchResults.load());
    return new double[] {starts, correlations, emails};
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
