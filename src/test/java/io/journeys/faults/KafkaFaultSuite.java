package io.journeys.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.journeys.support.IntegrationTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The Kafka part of the fault suite (docs/hardening.md; {@code ./mvnw -Pfaults verify}): 10,000
 * malformed records, among them the cases of finding 1, interleaved with 10,000 valid events over
 * 100 keys on the real broker and PostgreSQL. Intended: exactly the malformed records in the
 * dead-letter topic with their original bytes, every valid event stored once, the consumer group's
 * lag 0. Prints intended vs observed. The listener dead-letters refused records itself and goes on
 * with its batch, so the 20,000 records take seconds, not the hour a seek per refused record took.
 *
 * <p>And a consumer that crashes between processing a batch and committing its offsets: the records
 * come again to the next consumer of the group, and nothing happens twice.
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
    try (KafkaProducer<String, byte[]> producer = producer()) {
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
      int[] deadRecords = {0};
      readDeadLetters(
          r -> {
            if (r.key() != null && r.key().startsWith("fk-" + run + "-")) {
              dead.merge(ByteBuffer.wrap(r.value()), 1, Integer::sum);
              deadRecords[0]++;
            }
          });
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
          run,
          EACH,
          stored,
          EACH,
          deadRecords[0],
          matching(intendedDead, dead),
          storedMalformed,
          lag);
      assertThat(stored).isEqualTo(EACH);
      assertThat(storedMalformed).isZero();
      assertThat(dead).isEqualTo(intendedDead);
      assertThat(lag).isZero();
    }
  }

  @Autowired private KafkaListenerEndpointRegistry listeners;
  @Autowired private MeterRegistry meters;

  /**
   * A consumer processes every record of a topic (the intake's own listener, as its container calls
   * it) and dies before committing an offset; a new consumer of the group gets the same records and
   * processes and commits them. Intended: each event stored and published once (one
   * cart-abandonment journey per contact), the second delivery seen as duplicates, lag 0, every
   * malformed record in the dead-letter topic (once per delivery, with the same origin header).
   */
  @Test
  @SuppressWarnings("unchecked")
  void aConsumerCrashBetweenProcessingAndOffsetCommitHasNoDoubleEffect() throws Exception {
    String topic = "journeys.crash-" + run;
    String group = "crash-" + run;
    int contacts = 200;
    try (AdminClient admin =
        AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (int n = 0; n < contacts; n++) {
        String email = "crash-" + n + "-" + run + "@example.com";
        String cart =
            """
            {"id":"fc-%s-%d","type":"cart.added","email":"%s",\
            "occurredAt":"%s","properties":{"sku":"SKU-%d"}}"""
                .formatted(run, n, email, Instant.now(), n);
        producer.send(new ProducerRecord<>(topic, email, cart.getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(topic, email, malformed(n)));
      }
      producer.flush();
    }
    BatchMessageListener<String, byte[]> intake =
        (BatchMessageListener<String, byte[]>)
            listeners
                .getListenerContainer("journeys-events")
                .getContainerProperties()
                .getMessageListener();
    double stored0 = meters.counter("journeys.events.stored").count();
    double duplicates0 = meters.counter("journeys.events.duplicates").count();

    // first consumer: processes everything, then "crashes": closed without a commit
    int firstDelivery;
    try (KafkaConsumer<String, byte[]> consumer = groupConsumer(group)) {
      consumer.subscribe(List.of(topic));
      firstDelivery = drain(consumer, intake, 2 * contacts);
    }
    assertThat(committed(group, topic)).isZero();
    // second consumer of the group: the same records again, then the commit the container makes
    int secondDelivery;
    try (KafkaConsumer<String, byte[]> consumer = groupConsumer(group)) {
      consumer.subscribe(List.of(topic));
      secondDelivery = drain(consumer, intake, 2 * contacts);
      consumer.commitSync();
    }

    double stored = meters.counter("journeys.events.stored").count() - stored0;
    double duplicates = meters.counter("journeys.events.duplicates").count() - duplicates0;
    int rows =
        jdbc.queryForObject(
            "select count(*) from event where id like ?", Integer.class, "fc-" + run + "-%");
    int journeys =
        jdbc.queryForObject(
            """
            select count(*) from act_hi_procinst p join act_re_procdef d on d.id_ = p.proc_def_id_
            where d.key_ = 'cart-abandonment' and p.business_key_ in
              (select contact_id from event where id like ?)""",
            Integer.class,
            "fc-" + run + "-%");
    int maxJourneysPerContact =
        jdbc.queryForObject(
            """
            select coalesce(max(n), 0) from (select count(*) n from act_hi_procinst p
              join act_re_procdef d on d.id_ = p.proc_def_id_
              where d.key_ = 'cart-abandonment' and p.business_key_ in
                (select contact_id from event where id like ?) group by p.business_key_) x""",
            Integer.class,
            "fc-" + run + "-%");
    Map<String, Integer> deadByOrigin = new HashMap<>();
    try (AdminClient admin =
        AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()))) {
      long lag = lag(admin, topic, group);
      readDeadLetters(
          r -> {
            Header from = r.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC);
            if (from != null && topic.equals(new String(from.value(), StandardCharsets.UTF_8))) {
              String origin =
                  ByteBuffer.wrap(
                              r.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value())
                          .getInt()
                      + "@"
                      + ByteBuffer.wrap(
                              r.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
                          .getLong();
              deadByOrigin.merge(origin, 1, Integer::sum);
            }
          });
      System.out.printf(
          "%nKafka consumer crash before the offset commit (run %s)%n"
              + "  deliveries:      %,d records, then %,d again after the crash%n"
              + "  events stored:   intended %,d, observed %,d rows, %,.0f published, %,.0f duplicates%n"
              + "  journeys:        intended %,d (one per contact), observed %,d (at most %d per contact)%n"
              + "  dead letters:    intended %,d records, observed %,d (%,d copies: one per delivery)%n"
              + "  consumer lag:    intended 0, observed %d%n%n",
          run,
          firstDelivery,
          secondDelivery,
          contacts,
          rows,
          stored,
          duplicates,
          contacts,
          journeys,
          maxJourneysPerContact,
          contacts,
          deadByOrigin.size(),
          deadByOrigin.values().stream().mapToInt(Integer::intValue).sum(),
          lag);
      assertThat(secondDelivery).isEqualTo(firstDelivery).isEqualTo(2 * contacts);
      assertThat(rows).isEqualTo(contacts);
      assertThat(stored).isEqualTo(contacts);
      assertThat(duplicates).isEqualTo(contacts);
      assertThat(journeys).isEqualTo(contacts);
      assertThat(maxJourneysPerContact).isEqualTo(1);
      assertThat(deadByOrigin)
          .hasSize(contacts)
          .allSatisfy(
              (origin, copies) -> {
                assertThat(copies).isEqualTo(2);
              });
      assertThat(lag).isZero();
    }
  }

  /** Polls until {@code expected} records came, handing each poll to {@code intake}. */
  private static int drain(
      KafkaConsumer<String, byte[]> consumer,
      BatchMessageListener<String, byte[]> intake,
      int expected) {
    int seen = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (seen < expected && System.nanoTime() < deadline) {
      List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
      consumer.poll(Duration.ofMillis(500)).forEach(batch::add);
      if (!batch.isEmpty()) {
        intake.onMessage(batch, null, consumer);
        seen += batch.size();
      }
    }
    return seen;
  }

  private static long committed(String group, String topic) throws Exception {
    try (AdminClient admin =
        AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()))) {
      return admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get()
          .values()
          .stream()
          .filter(o -> o != null)
          .mapToLong(OffsetAndMetadata::offset)
          .sum();
    }
  }

  private static KafkaConsumer<String, byte[]> groupConsumer(String group) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafkaBootstrap(),
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest"),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafkaBootstrap(),
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /** Every record of the dead-letter topic, from its beginning to its current end. */
  private void readDeadLetters(java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "fault-dlt-" + UUID.randomUUID(),
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
        consumer.poll(Duration.ofMillis(500)).forEach(each);
      }
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
