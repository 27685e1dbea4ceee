package io.journeys.bench;

import io.journeys.bench.BenchExecutor.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The harness every scenario of {@code ./mvnw -Pbench verify} shares (docs/benchmarks.md): one
 * PostgreSQL with fsync and synchronous commits on, Kafka, SMTP, the 50 ms SMS stub and the
 * application on them ({@link BenchPeers}), started once for the whole run by {@link
 * BenchExtension}; the figures of all scenarios ({@link BenchResults}), written to {@code
 * target/bench/results.json} when the run ends.
 */
final class Bench implements ExtensionContext.Store.CloseableResource {

  static final Logger log = LoggerFactory.getLogger("benchmark");
  static final Duration LIMIT = Duration.ofMinutes(Long.getLong("bench.limit-minutes", 10));

  /**
   * A wait for sends or fires gives up sooner when its count has not moved for this long: nothing
   * is being sent, and the message says what the server did instead ({@link
   * BenchClient#diagnosis}).
   */
  static final Duration STALL = Duration.ofSeconds(Long.getLong("bench.stall-seconds", 120));

  /** Every size is the times this (docs/benchmarks.md says which default and why). */
  static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "0.1"));

  static final String CART = "cart-abandonment";
  static final String STARTED = "select count(*) from act_hi_procinst where proc_def_key_ = ?";
  static final String ENDED = STARTED + " and end_time_ is not null";
  static final String CART_ADDED = "{\"productId\":\"p-1\",\"quantity\":1,\"price\":9.9}";

  /** The job executor settings this work proposes; each part overridable for a run. */
  static final Settings TUNED =
      new Settings(
          "tuned ("
              + Integer.getInteger("bench.tuned.acquisition", 30)
              + " jobs/acquisition, pool "
              + Integer.getInteger("bench.tuned.core", 8)
              + "-"
              + Integer.getInteger("bench.tuned.max", 8)
              + ", queue "
              + Integer.getInteger("bench.tuned.queue", 32)
              + ")",
          Integer.getInteger("bench.tuned.acquisition", 30),
          5000,
          Integer.getInteger("bench.tuned.core", 8),
          Integer.getInteger("bench.tuned.max", 8),
          Integer.getInteger("bench.tuned.queue", 32));

  /** Kept SMTP connections in the email rounds that use them. */
  static final int SMTP_CONNECTIONS = Integer.getInteger("bench.smtp-connections", 8);

  final BenchPeers peers;
  final BenchClient client;
  final BenchExecutor executor;
  final BenchResults results;
  final JobRounds rounds;
  final JdbcTemplate jdbc;
  final RuntimeService runtime;
  private final HttpClient http = HttpClient.newHttpClient();

  Bench() throws Exception {
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
    rounds = new JobRounds(List.of(peers.app), client, List.of(executor), results, LIMIT);
    log.info(
        "PostgreSQL {} with {}; scale {}",
        settings.get("postgresqlVersion"),
        peers.durability,
        SCALE);
  }

  /** {@code -Dbench.<name>}, else the size {@code full} times {@link #SCALE}. */
  static int size(String name, int full) {
    return Integer.getInteger("bench." + name, (int) Math.max(100, Math.round(full * SCALE)));
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Adds a figure; the ratio is {@code value / baseline} when there is a baseline. */
  void report(
      String scenario,
      String unit,
      long n,
      double value,
      String baselineName,
      Double baseline,
      String target,
      double loadBefore,
      double secs) {
    results.add(
        new BenchResults.Row(
            scenario,
            unit,
            n,
            value,
            baselineName,
            baseline,
            baseline == null ? null : value / baseline,
            target,
            loadBefore,
            BenchResults.load(),
            secs));
  }

  /** Contacts {@code <prefix>-00000001 ..} with an email each, written directly. */
  void contacts(String prefix, int from, int n) {
    jdbc.update(
        "insert into contact (id, email, created_at, updated_at)"
            + " select ? || '-' || lpad(g::text, 8, '0'), ? || '-' || g || '@bench.test', now(), now()"
            + " from generate_series(?, ?) g",
        prefix,
        prefix,
        from,
        from + n - 1);
  }

  static String contactId(String prefix, int i) {
    return prefix + "-" + String.format("%08d", i);
  }

  /**
   * Enrolls contacts {@code <prefix>-from ..} into a journey through the enrollment API ({@code
   * POST /api/journeys/{key}/enrollments}) and waits until the enrollment is done.
   */
  void enroll(String journey, String prefix, int from, int n) throws Exception {
    String ids =
        java.util.stream.IntStream.range(from, from + n)
            .mapToObj(i -> "\"" + contactId(prefix, i) + "\"")
            .collect(Collectors.joining(",", "{\"contactIds\":[", "]}"));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:"
                            + peers.port()
                            + "/api/journeys/"
                            + journey
                            + "/enrollments"))
                .header("Authorization", client.authorization())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ids))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException("enrollment answered " + response.statusCode());
    }
    String id = response.body().replaceAll(".*\"enrollmentId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    client.await(
        LIMIT,
        c -> c == 1,
        "select count(*) from enrollment where id = ? and status in ('done', 'failed')",
        id);
    if (client.count("select count(*) from enrollment where id = ? and status = 'done'", id) != 1) {
      throw new IllegalStateException("enrollment " + id + " failed");
    }
  }

  /**
   * Starts {@code n} instances of a journey in a naive loop, one {@code startProcessInstanceByKey}
   * per transaction (business keys {@code <prefix>-<i>}): the baseline of the start scenarios.
   * Answers starts per second.
   */
  double naiveStarts(String journey, String prefix, int n) {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String key = contactId(prefix, i);
      runtime.startProcessInstanceByKey(journey, key, Map.of("contactId", key));
    }
    return n / seconds(t0);
  }

  /**
   * Reports the bytes per instance that the tables grew by between {@code before} and now, for
   * {@code n} new waiting instances: Camunda's runtime and history tables and ours.
   */
  void footprint(String what, Map<String, Long> before, int n, double load, double secs) {
    Map<String, Long> after = client.footprint();
    Map<String, Object> perInstance = new LinkedHashMap<>();
    after.forEach((part, bytes) -> perInstance.put(part, (bytes - before.get(part)) / n));
    long total =
        (after.values().stream().mapToLong(Long::longValue).sum()
                - before.values().stream().mapToLong(Long::longValue).sum())
            / n;
    report(
        "footprint per waiting instance, " + what + " " + perInstance,
        "bytes",
        n,
        total,
        null,
        null,
        "<= 4,096 bytes",
        load,
        secs);
  }

  /**
   * Deploys (once) a one-task journey that sends an SMS through the real channel step and outbox:
   * {@code custom.bench.sms} starts it.
   */
  void deploySmsJourney() {
    peers
        .app
        .getBean(ProcessEngine.class)
        .getRepositoryService()
        .createDeployment()
        .name("bench-sms")
        .enableDuplicateFiltering(false)
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
  }

  /** GET on the API as the admin: the answer's size in characters. */
  int get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + peers.port() + path))
                .header("Authorization", client.authorization())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode());
    }
    return response.body().length();
  }

  @Override
  public void close() throws Throwable {
    try {
      results.write(Path.of(System.getProperty("bench.out", "target/bench")));
    } finally {
      executor.stop();
      peers.close();
    }
  }
}
