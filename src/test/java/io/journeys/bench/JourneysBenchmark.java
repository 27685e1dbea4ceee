package io.journeys.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.journeys.bench.BenchExecutor.Round;
import io.journeys.bench.BenchExecutor.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The performance benchmark of issue 14 ({@code ./mvnw -Pbench verify}, docs/benchmarks.md): the
 * application in its production shape on PostgreSQL with fsync and synchronous commits on, Kafka,
 * SMTP and a 50 ms SMS stub ({@link BenchPeers}). Each scenario prints its figure, the baseline
 * measured in this run and the ratio, and adds them to {@code target/bench/results.json}. It
 * asserts only what must hold whatever the speed: every start, correlation and send happened, and
 * nothing fired or was sent twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JourneysBenchmark {

  private static final Logger log = LoggerFactory.getLogger("benchmark");
  private static final Duration LIMIT = Duration.ofMinutes(Long.getLong("bench.limit-minutes", 10));
  private static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "1"));
  private static final String CART = "cart-abandonment";
  private static final String STARTED =
      "select count(*) from act_hi_procinst where proc_def_key_ = ?";
  private static final String ENDED = STARTED + " and end_time_ is not null";

  /** The job executor settings this work proposes; each part overridable for a run. */
  static final Settings TUNED =
      new Settings(
          "tuned ("
              + Integer.getInteger("bench.tuned.acquisition", 30)
              + " jobs/acquisition, pool "
              + Integer.getInteger("bench.tuned.core", 16)
              + "-"
              + Integer.getInteger("bench.tuned.max", 16)
              + ", queue "
              + Integer.getInteger("bench.tuned.queue", 32)
              + ")",
          Integer.getInteger("bench.tuned.acquisition", 30),
          5000,
          Integer.getInteger("bench.tuned.core", 16),
          Integer.getInteger("bench.tuned.max", 16),
          Integer.getInteger("bench.tuned.queue", 32));

  /** Kept SMTP connections in the email rounds that use them. */
  static final int SMTP_CONNECTIONS = Integer.getInteger("bench.smtp-connections", 8);

  private BenchPeers peers;
  private BenchClient client;
  private BenchExecutor executor;
  private BenchResults results;
  private JobRounds rounds;
  private JdbcTemplate jdbc;
  private RuntimeService runtime;
  private int emailsExpected;

  static int size(String name, int full) {
    return Integer.getInteger(
        "bench." + name, (int) Math.max(BenchClient.BATCH / 5, Math.round(full * SCALE)));
  }

  @BeforeAll
  void start() throws Exception {
    log.info("load average before start: {}", BenchResults.load());
    peers = new BenchPeers(Integer.getInteger("bench.provider-latency-ms", 50));
    jdbc = peers.app.getBean(JdbcTemplate.class);
    client = new BenchClient(peers.port(), peers.kafka.getBrokersAsString(), jdbc);
    ProcessEngine engine = peers.app.getBean(ProcessEngine.class);
    executor = new BenchExecutor(engine);
    runtime = engine.getRuntimeService();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("postgresql", peers.durability);
    settings.put("postgresqlVersion", jdbc.queryForObject("show server_version", String.class));
    settings.put("scale", SCALE);
    settings.put("tuned", TUNED);
    results = new BenchResults(settings);
    rounds = new JobRounds(peers, client, executor, results, LIMIT);
    log.info(
        "PostgreSQL {} with {}; scale {}",
        settings.get("postgresqlVersion"),
        peers.durability,
        SCALE);
  }

  @AfterAll
  void stop() throws Exception {
    if (results != null) {
      results.write(Path.of(System.getProperty("bench.out", "target/bench")));
    }
    if (executor != null) {
      executor.stop();
    }
    if (peers != null) {
      peers.close();
    }
  }

  /** Event-driven starts by REST batches of 500 (cart.added → 24 h timer), and the footprint. */
  @Test
  @Order(1)
  void startsByRest() throws Exception {
    int n = size("starts", 10_000);
    int naive = size("naive-starts", 2_000);
    // a database that has run for a while: some instances, and planner statistics (autovacuum's
    // analyze); on a fresh database PostgreSQL keeps plans made for empty tables
    // (docs/benchmarks.md)
    int warmup = size("warmup", 1_000);
    client.post(
        warmup,
        2,
        i ->
            BenchClient.event(
                "w-" + i,
                "cart.added",
                BenchClient.email("w", i),
                "{\"productId\":\"p-1\",\"quantity\":1,\"price\":9.9}"));
    jdbc.execute("analyze");
    Map<String, Long> before = client.footprint();
    long base = client.count(STARTED, CART);
    double load = BenchResults.load();
    long t0 = System.nanoTime();
    client.post(
        n,
        2,
        i ->
            BenchClient.event(
                "s-" + i,
                "cart.added",
                BenchClient.email("s", i),
                "{\"productId\":\"p-1\",\"quantity\":1,\"price\":9.9}"));
    client.await(LIMIT, c -> c >= base + n, STARTED, CART);
    double secs = seconds(t0);
    Map<String, Long> after = client.footprint();

    double naiveLoad = BenchResults.load();
    long t1 = System.nanoTime();
    for (int i = 0; i < naive; i++) {
      runtime.startProcessInstanceByKey(CART, "naive-" + i, Map.of("contactId", "naive-" + i));
    }
    double naiveSecs = seconds(t1);
    double rate = n / secs;
    double baseline = naive / naiveSecs;
    results.add(
        new BenchResults.Row(
            "event-driven starts, REST batches of 500",
            "starts/s",
            n,
            rate,
            "naive startProcessInstanceByKey loop, " + naive + " starts",
            baseline,
            rate / baseline,
            ">= 1,500/s",
            load,
            BenchResults.load(),
            secs));
    log.info(
        "naive loop: {} starts in {} s (load {})",
        naive,
        String.format("%.1f", naiveSecs),
        naiveLoad);

    Map<String, Object> perInstance = new LinkedHashMap<>();
    after.forEach((part, bytes) -> perInstance.put(part, (bytes - before.get(part)) / n));
    long total =
        (after.values().stream().mapToLong(Long::longValue).sum()
                - before.values().stream().mapToLong(Long::longValue).sum())
            / n;
    results.add(
        new BenchResults.Row(
            "footprint per waiting instance " + perInstance,
            "bytes",
            n,
            total,
            null,
            null,
            null,
            "<= 4,096 bytes",
            load,
            BenchResults.load(),
            secs));
  }

  /** The same starts from Kafka records. */
  @Test
  @Order(2)
  void startsByKafka() throws Exception {
    int n = size("kafka-starts", 5_000);
    long base = client.count(STARTED, CART);
    double load = BenchResults.load();
    long t0 = System.nanoTime();
    client.produce(
        n,
        i -> "k-" + i + "@bench.test",
        i ->
            BenchClient.event(
                "k-" + i,
                "cart.added",
                BenchClient.email("k", i),
                "{\"productId\":\"p-1\",\"quantity\":1,\"price\":9.9}"));
    client.await(LIMIT, c -> c >= base + n, STARTED, CART);
    double secs = seconds(t0);
    results.add(
        new BenchResults.Row(
            "event-driven starts, Kafka",
            "starts/s",
            n,
            n / secs,
            null,
            null,
            null,
            ">= 1,500/s",
            load,
            BenchResults.load(),
            secs));
  }

  /** order.placed by REST batches into the instances waiting since startsByRest (ends them). */
  @Test
  @Order(3)
  void correlation() throws Exception {
    int n = size("starts", 10_000);
    int naive = size("naive-starts", 2_000);
    long base = client.count(ENDED, CART);
    double load = BenchResults.load();
    long t0 = System.nanoTime();
    client.post(
        n,
        2,
        i ->
            BenchClient.event(
                "o-" + i,
                "order.placed",
                BenchClient.email("s", i),
                "{\"orderId\":\"o-" + i + "\",\"amount\":9.9,\"currency\":\"CNY\"}"));
    client.await(LIMIT, c -> c >= base + n, ENDED, CART);
    double secs = seconds(t0);

    long t1 = System.nanoTime();
    for (int i = 0; i < naive; i++) {
      runtime
          .createMessageCorrelation("order.placed")
          .processInstanceBusinessKey("naive-" + i)
          .correlateWithResult();
    }
    double naiveSecs = seconds(t1);
    assertThat(client.count(ENDED, CART)).isEqualTo(base + n + naive);
    double rate = n / secs;
    double baseline = naive / naiveSecs;
    results.add(
        new BenchResults.Row(
            "correlation of order.placed into waiting instances, REST batches",
            "events/s",
            n,
            rate,
            "engine correlation by business key, loop of " + naive,
            baseline,
            rate / baseline,
            ">= 1,500/s",
            load,
            BenchResults.load(),
            secs));
  }

  /** Timers due at once, each followed by an email to SMTP; per job executor setting. */
  @Test
  @Order(4)
  void timerStorm() throws Exception {
    // the last round adds kept SMTP connections: everything this work proposes
    emailsExpected +=
        rounds.timerStorm(
            size("timers", 3_000),
            List.of(
                new Round(Settings.CAMUNDA_DEFAULTS, 0),
                new Round(Settings.BEFORE, 0),
                new Round(TUNED, 0),
                new Round(TUNED, SMTP_CONNECTIONS)));
    assertThat(peers.mail.getReceivedMessages()).hasSize(emailsExpected);
  }

  /** form.submitted by REST → welcome email to SMTP, with the executor running. */
  @Test
  @Order(5)
  void emailsEndToEnd() throws Exception {
    emailsExpected +=
        rounds.sends(
            "emails",
            size("emails", 3_000),
            "form.submitted",
            "lead-welcome",
            i -> BenchClient.email("f", i),
            "{\"formId\":\"bench\",\"fields\":{}}",
            "f",
            List.of(
                new Round(Settings.BEFORE, 0),
                new Round(TUNED, 0),
                new Round(TUNED, SMTP_CONNECTIONS)));
    assertThat(peers.mail.getReceivedMessages()).hasSize(emailsExpected);
  }

  /** A one-task journey that sends an SMS through the outbox to the 50 ms provider stub. */
  @Test
  @Order(6)
  void smsToSlowProvider() throws Exception {
    peers
        .app
        .getBean(ProcessEngine.class)
        .getRepositoryService()
        .createDeployment()
        .name("bench-sms")
        .addModelInstance(
            "bench-sms.bpmn",
            Bpmn.createExecutableProcess("bench-sms")
                .camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_Bench")
                .message("custom.bench.sms")
                .serviceTask("Task_SendSms")
                .camundaAsyncBefore()
                .camundaDelegateExpression("${sendMessageDelegate}")
                .camundaInputParameter("channel", "sms")
                .camundaInputParameter("template", "cart-sms-video")
                .endEvent("EndEvent_Sent")
                .done())
        .deploy();
    int n =
        rounds.sends(
            "sms",
            size("sms", 2_000),
            "custom.bench.sms",
            "cart-sms-video",
            i -> "\"phone\":\"+861" + (86 + i % 4) + String.format("%08d", i) + "\"",
            "{}",
            "m",
            List.of(new Round(Settings.BEFORE, null), new Round(TUNED, null)));
    assertThat(
            peers
                .http
                .countRequestsMatching(
                    WireMock.postRequestedFor(WireMock.urlEqualTo(BenchPeers.SMS_PATH)).build())
                .getCount())
        .as("one provider call per SMS")
        .isEqualTo(n);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
