package io.journeys.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.journeys.support.IntegrationTestSupport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The Kafka part of the fault suite (docs/hardening.md; {@code ./mvnw -Pfaults verify}): 10,000
 * malformed records, among them the cases of finding 1, interleaved with 10,000 valid events over
 * 100 keys on the real broker and PostgreSQL. Intended: exactly the malformed records in the
 * dead-letter topic with their original bytes, every valid event stored once, the consumer group's
 * lag 0. Prints intended vs observed. Each dead-lettered record costs the container a seek and a
 * new poll: on a loaded 2-core machine about 0.5 s each (docs/hardening.md).
 */
class KafkaFaultSuite extends IntegrationTestSupport {

  /** Malformed and valid records each; {@code -Dfaults.records=N} for a shorter run. */
  static final int EACH = Integer.getInteger("faults.records", 10_000);

  static final String TOPIC = "journeys.events";
  static final String DLT = "journeys.events-dlt";

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private String valid(int n) {
    return """
        {"id":"fv-%s-%d","type":"custom.fault.valid","email":"fault-%d-%s@example.com",\
        "occurredAt":"2026-11-23T08:00:00Z","properties":{"n":%d}}"""
        .formatted(run, n, n % 500, run, n);
  }

  /** Malformed record {@code n}: one of the kinds below, each unique by its number. */
  private byte[] malformed(int n) {
    String id = "fm-" + run + "-" + n;
    String ok = "\"occurredAt\":\"2026-11-23T08:00:00Z\"";
    String text =
        switch (n % 12) {
          case 0 -> "not json " + id;
          case 1 ->
              "{\"id\":\""
                  + id
                  + "\\u0000\",\"type\":\"login\",\"email\":\"a@example.com\","
                  + ok
                  + "}";
          case 2 ->
              "{\"id\":\""
                  + id
                  + "\",\"type\":\"custom.x\\u0001\",\"email\":\"a@example.com\","
                  + ok
                  + "}";
          case 3 ->
              "{\"id\":\""
                  + id
                  + "\",\"type\":\"login\",\"contactId\":\"c\\u0000"
                  + n
                  + "\","
                  + ok
                  + "}";
          case 4 ->
              "{\"id\":\""
                  + id
                  + "\",\"type\":\"login\",\"email\":\"a@example.com\","
                  + "\"occurredAt\":\"-9999-01-01T00:00:00Z\"}";
          case 5 ->
              "{\"id\":\""
                  + id
                  + "\",\"type\":\"no.such.type\",\"email\":\"a@example.com\","
                  + ok
                  + "}";
          case 6 -> "[{\"id\":\"" + id + "\"}]";
          case 7 -> "{\"id\":" + n + ",\"type\":\"login\",\"email\":\"a@example.com\"," + ok + "}";
          case 8 ->
              "{\"id\":\""
                  + id
                  + "\",\"type\":\"login\",\"email\":\"x<victim@example.com>\","
                  + ok
                  + "}";
          case 9 ->
              "{\"id\":\""
                  + id
                  + "\",\"type\":\"login\",\"contactId\":\"unknown-"
                  + id
                  + "\","
                  + ok
                  + "}";
          case 10 ->
              "{\"id\":\""
                  + id
                  + "\",\"type\":\"login\",\"email\":\"a@example.com\",\"properties\":[1],"
                  + ok
                  + "}";
          default -> "{\"id\":\"" + id + "\",\"type\":\"login\",\"email\":\"a@example.com\"}";
        };
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void malformedRecordsGoToTheDeadLetterTopicAndEveryValidOneIsApplied() throws Exception {
    Map<ByteBuffer, Integer> intendedDead = new HashMap<>();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaBootstrap(),
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            new StringSerializer(),
            new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int n = 0; n < EACH; n++) {
        String key = "fk-" + run + "-" + (n % 100);
        byte[] bad = malformed(n);
        intendedDead.merge(ByteBuffer.wrap(bad), 1, Integer::sum);
        sent.add(
            producer.send(
                new ProducerRecord<>(TOPIC, key, valid(n).getBytes(StandardCharsets.UTF_8))));
        sent.add(producer.send(new ProducerRecord<>(TOPIC, key, bad)));
      }
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
    }

    try (AdminClient admin =
        AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()))) {
      await()
          .atMost(Duration.ofMinutes(30))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> lag(admin, TOPIC, "journeys") == 0);
      long lag = lag(admin, TOPIC, "journeys");

      Map<ByteBuffer, Integer> dead = new HashMap<>();
      int deadRecords = 0;
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafkaBootstrap(),
                  ConsumerConfig.GROUP_ID_CONFIG,
                  "fault-dlt-" + run,
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                  "earliest"),
              new StringDeserializer(),
              new ByteArrayDeserializer())) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(DLT).stream()
                .map(p -> new TopicPartition(DLT, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
          for (var r : consumer.poll(Duration.ofMillis(500))) {
            if (r.key() != null && r.key().startsWith("fk-" + run + "-")) {
              dead.merge(ByteBuffer.wrap(r.value()), 1, Integer::sum);
              deadRecords++;
            }
          }
        }
      }
      int stored =
          jdbc.queryForObject(
              "select count(*) from event where id like ?", Integer.class, "fv-" + run + "-%");
      int storedMalformed =
          jdbc.queryForObject(
              "select count(*) from event where id like ?", Integer.class, "fm-" + run + "-%");
      System.out.printf(
          "%nKafka fault suite (run %s)%n"
              + "  valid records:     intended %,d applied, observed %,d%n"
              + "  malformed records: intended %,d dead-lettered, observed %,d (%,d with the original bytes), %d stored%n"
              + "  consumer lag:      intended 0, observed %d%n%n",
          run, EACH, stored, EACH, deadRecords, matching(intendedDead, dead), storedMalformed, lag);
      assertThat(stored).isEqualTo(EACH);
      assertThat(storedMalformed).isZero();
      assertThat(dead).isEqualTo(intendedDead);
      assertThat(lag).isZero();
    }
  }

  private static int matching(
      Map<ByteBuffer, Integer> intended, Map<ByteBuffer, Integer> observed) {
    return intended.entrySet().stream()
        .mapToInt(e -> Math.min(e.getValue(), observed.getOrDefault(e.getKey(), 0)))
        .sum();
  }

  private static long lag(AdminClient admin, String topic, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    long lag = 0;
    for (var e : admin.listOffsets(latest).all().get().entrySet()) {
      OffsetAndMetadata at = committed.get(e.getKey());
      lag += e.getValue().offset() - (at == null ? 0 : at.offset());
    }
    return lag;
  }
}
