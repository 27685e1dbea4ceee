package io.journeys.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.jdbc.core.JdbcTemplate;

/** What a shop or app does: events by REST in batches, or on Kafka; and waiting on the database. */
final class BenchClient {

  static final int BATCH = 500;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI events;
  private final String auth;
  private final String kafka;
  private final JdbcTemplate jdbc;

  BenchClient(int port, String kafkaBootstrap, JdbcTemplate jdbc) {
    this.events = URI.create("http://localhost:" + port + "/api/events");
    this.auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (BenchPeers.ADMIN + ":" + BenchPeers.PASSWORD)
                        .getBytes(StandardCharsets.UTF_8));
    this.kafka = kafkaBootstrap;
    this.jdbc = jdbc;
  }

  String authorization() {
    return auth;
  }

  /** One event as JSON; {@code identity} is e.g. {@code "email":"a@b.test"}. */
  static String event(String id, String type, String identity, String properties) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\","
        + identity
        + ",\"occurredAt\":\""
        + Instant.now()
        + "\",\"properties\":"
        + properties
        + "}";
  }

  static String email(String prefix, int i) {
    return "\"email\":\"" + prefix + "-" + i + "@bench.test\"";
  }

  /** Posts events 0..n-1 in batches of 500 from {@code senders} client threads. */
  void post(int n, int senders, IntFunction<String> event) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int from = 0; from < n; from += BATCH) {
        int start = from;
        int end = Math.min(n, from + BATCH);
        sent.add(
            pool.submit(
                () -> {
                  StringBuilder body = new StringBuilder("[");
                  for (int i = start; i < end; i++) {
                    body.append(i == start ? "" : ",").append(event.apply(i));
                  }
                  postBatch(body.append(']').toString());
                  return null;
                }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private void postBatch(String body) throws Exception {
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(events)
                  .header("Authorization", auth)
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofMinutes(5))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 202) {
        return;
      }
      if (response.statusCode() != 409 || attempt > 20) {
        throw new IllegalStateException(
            "POST /api/events answered " + response.statusCode() + ": " + response.body());
      }
      Thread.sleep(200); // 409 concurrent change: nothing stored, send it again
    }
  }

  /** Sends events 0..n-1 as Kafka records (key = {@code key(i)}) at once, then flushes. */
  void produce(int n, IntFunction<String> key, IntFunction<String> event) throws Exception {
    produce(n, 0, key, event);
  }

  /**
   * Sends events 0..n-1 as Kafka records (key = {@code key(i)}), {@code perSecond} of them a second
   * (0: at once), then flushes; answers when each was handed to the producer ({@link
   * System#nanoTime()}).
   */
  long[] produce(int n, double perSecond, IntFunction<String> key, IntFunction<String> event)
      throws Exception {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.LINGER_MS_CONFIG, perSecond > 0 ? 0 : 5);
    long[] sent = new long[n];
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        if (perSecond > 0) {
          long due = t0 + (long) (i * 1e9 / perSecond);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        sent[i] = System.nanoTime();
        producer.send(new ProducerRecord<>("journeys.events", key.apply(i), event.apply(i)));
      }
      producer.flush();
    }
    return sent;
  }

  long count(String sql, Object... args) {
    Long count = jdbc.queryForObject(sql, Long.class, args);
    return count == null ? 0 : count;
  }

  /**
   * Polls {@code sql} every 100 ms until its count satisfies {@code done}; fails after {@code
   * limit}.
   */
  long await(Duration limit, LongPredicate done, String sql, Object... args)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      long count = count(sql, args);
      if (done.test(count)) {
        return count;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "gave up after " + limit + " at count " + count + ": " + sql);
      }
      Thread.sleep(100);
    }
  }

  /** Bytes of Camunda's runtime tables, its history tables and ours. */
  Map<String, Long> footprint() {
    String sum =
        "select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c"
            + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' and ";
    Map<String, Long> parts = new LinkedHashMap<>();
    parts.put("runtime", count(sum + "c.relname like 'act\\_ru\\_%'"));
    parts.put("history", count(sum + "c.relname like 'act\\_hi\\_%'"));
    parts.put("ours", count(sum + "c.relname not like 'act\\_%'"));
    return parts;
  }
}
