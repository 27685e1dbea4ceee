package io.journeys.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.function.Supplier;
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
    return await(limit, limit, () -> "", done, sql, args);
  }

  /**
   * Polls {@code sql} every 100 ms until its count satisfies {@code done}; fails after {@code
   * limit}, or sooner once the count has not changed for {@code stall} (nothing moves: waiting
   * longer only hides the cause), with what {@code diagnosis} answers then in the message.
   */
  long await(
      Duration limit,
      Duration stall,
      Supplier<String> diagnosis,
      LongPredicate done,
      String sql,
      Object... args)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    long last = count(sql, args);
    long moved = start;
    while (true) {
      long count = count(sql, args);
      long now = System.nanoTime();
      if (done.test(count)) {
        return count;
      }
      if (count != last) {
        last = count;
        moved = now;
      }
      boolean stalled = now - moved > stall.toNanos();
      if (now > deadline || stalled) {
        throw new IllegalStateException(
            "gave up after "
                + Duration.ofNanos(now - start).withNanos(0)
                + (stalled ? " (count unchanged for " + stall + ")" : " (limit " + limit + ")")
                + " at count "
                + count
                + ": "
                + sql
                + " "
                + Arrays.toString(args)
                + diagnosis.get());
      }
      Thread.sleep(100);
    }
  }

  /**
   * What the server made of the events since {@code since} (database time): the journeys started,
   * the contacts that did not enter and why, the messages by template, status and detail, the jobs
   * that failed and the open incidents; for the message of an {@link #await} that gave up.
   */
  String diagnosis(Timestamp since) {
    StringBuilder out = new StringBuilder();
    section(
        out,
        "journeys started since " + since,
        "select proc_def_key_, count(*) from act_hi_procinst where start_time_ >= ?"
            + " group by proc_def_key_ order by 2 desc limit 10",
        since);
    section(
        out,
        "contacts that did not enter a journey",
        "select process_key, reason, count(*) from journey_not_entered where recorded_at >= ?"
            + " group by process_key, reason order by 3 desc limit 10",
        since);
    section(
        out,
        "messages (template, status, detail)",
        "select template, status, coalesce(detail, ''), count(*) from message where created_at >= ?"
            + " group by template, status, detail order by 4 desc limit 15",
        since);
    section(
        out,
        "jobs that failed (activity, retries, exception)",
        "select coalesce(d.act_id_, j.handler_type_), j.retries_, j.exception_msg_, count(*)"
            + " from act_ru_job j left join act_ru_jobdef d on d.id_ = j.job_def_id_"
            + " where j.exception_msg_ is not null group by 1, 2, 3 order by 4 desc limit 10");
    section(
        out,
        "open incidents (activity, message)",
        "select activity_id_, incident_msg_, count(*) from act_ru_incident"
            + " group by activity_id_, incident_msg_ order by 3 desc limit 10");
    section(
        out,
        "jobs waiting (activity, due)",
        "select coalesce(d.act_id_, j.handler_type_),"
            + " case when j.duedate_ is null or j.duedate_ <= now() then 'due' else 'later' end,"
            + " count(*) from act_ru_job j left join act_ru_jobdef d on d.id_ = j.job_def_id_"
            + " group by 1, 2 order by 3 desc limit 10");
    return out.toString();
  }

  /** Database time now, the {@code since} of a {@link #diagnosis}. */
  Timestamp now() {
    return jdbc.queryForObject("select now()", Timestamp.class);
  }

  private void section(StringBuilder out, String title, String sql, Object... args) {
    out.append("\n  ").append(title).append(':');
    try {
      List<String> rows =
          jdbc.query(
              sql,
              (rs, i) -> {
                List<String> cells = new ArrayList<>();
                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                  String cell = String.valueOf(rs.getObject(c));
                  cells.add(cell.length() > 200 ? cell.substring(0, 200) + "…" : cell);
                }
                return String.join(" | ", cells);
              },
              args);
      if (rows.isEmpty()) {
        out.append(" none");
      }
      rows.forEach(row -> out.append("\n    ").append(row));
    } catch (RuntimeException e) {
      out.append(" (not read: ").append(e.getMessage()).append(')');
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
