package io.journeys.event;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.IntegrationTestSupport;
import io.journeys.support.Waits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** REST and Kafka intake on PostgreSQL and a real broker. */
class EventIntakeIntegrationTest extends IntegrationTestSupport {

  @Autowired EventIntake intake;
  @Autowired org.camunda.bpm.engine.RuntimeService runtime;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String mobile =
      "137" + String.format("%08d", (long) (Math.random() * 100_000_000L));

  private ResponseEntity<Map> post(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return rest.postForEntity("/api/events", new HttpEntity<>(body, headers), Map.class);
  }

  private static String event(String id, String type, String contactJson) {
    return """
        {"id": "%s", "type": "%s", %s, "occurredAt": "2026-11-23T08:15:00+08:00",
         "properties": {"orderId": "o-77", "amount": 199.00, "currency": "CNY"}}"""
        .formatted(id, type, contactJson);
  }

  private int stored(String id) {
    return jdbc.queryForObject("select count(*) from event where id = ?", Integer.class, id);
  }

  @Test
  void restEventsAreStoredOnceEvenWhenSentTwice() {
    String body =
        event("rest-" + run, "order.placed", "\"email\": \"buyer-" + run + "@example.com\"");
    assertThat(post(body).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    ResponseEntity<Map> again = post("[" + body + "]");
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(again.getBody()).containsEntry("accepted", 1);
    assertThat(stored("rest-" + run)).isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "select properties from event where id = ?", String.class, "rest-" + run))
        .contains("\"orderId\":\"o-77\"");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from contact where email = ?",
                Integer.class,
                "buyer-" + run + "@example.com"))
        .isEqualTo(1);
  }

  @Test
  void aRestBatchWithOneBadItemStoresNothing() {
    String good = event("batch-ok-" + run, "login", "\"email\": \"b-" + run + "@example.com\"");
    String bad = event("batch-bad-" + run, "login", "\"email\": \"not an email\"");
    ResponseEntity<Map> answer = post("[" + good + "," + bad + "]");
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(answer.getBody()).containsEntry("error", "invalid events");
    assertThat((List<Map<String, Object>>) answer.getBody().get("details"))
        .containsExactly(
            Map.of("index", 1, "field", "email", "reason", "not a valid email address"));
    assertThat(stored("batch-ok-" + run)).isZero();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from contact where email = ?",
                Integer.class,
                "b-" + run + "@example.com"))
        .isZero();
  }

  @Test
  void concurrentSendersOfTheSameBatchStoreEachEventOnce() throws Exception {
    List<IncomingEvent> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(
          new IncomingEvent(
              "conc-" + i + "-" + run,
              "page.viewed",
              "conc-" + run + "-" + (i % 5),
              null,
              mobile.substring(0, 10) + (i % 5),
              OffsetDateTime.parse("2026-11-23T08:00:00Z").plusMinutes(i),
              Map.of("url", "/p/" + i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return intake.ingest(batch);
                }));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        assertThat(result.get(Waits.CEILING.toSeconds(), TimeUnit.SECONDS)).isEqualTo(50);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event where id like ?", Integer.class, "conc-%-" + run))
        .isEqualTo(50);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from contact where id like ?",
                Integer.class,
                "conc-" + run + "-%"))
        .isEqualTo(5);
  }

  /**
   * A batch's starts and correlations run in one engine command per run of events of distinct
   * contacts (journey/EngineEventBatch): a contact's later events in the batch see what its earlier
   * ones did, although the engine's queries do not see rows it has not flushed.
   */
  @Test
  void aContactsLaterEventsInABatchSeeWhatItsEarlierOnesDid() {
    String x = "batch-x-" + run + "@example.com";
    String y = "batch-y-" + run + "@example.com";
    OffsetDateTime t = OffsetDateTime.now().minusMinutes(1);
    Map<String, Object> cart = Map.of("productId", "p-1", "quantity", 1, "price", 9.9);
    intake.ingest(
        List.of(
            new IncomingEvent("bx1-" + run, "cart.added", null, x, null, t, cart),
            new IncomingEvent("by1-" + run, "cart.added", null, y, null, t.plusSeconds(1), cart),
            new IncomingEvent("bx2-" + run, "cart.added", null, x, null, t.plusSeconds(2), cart),
            new IncomingEvent(
                "bx3-" + run,
                "order.placed",
                null,
                x,
                null,
                t.plusSeconds(3),
                Map.of("orderId", "o-" + run, "amount", 9.9, "currency", "CNY"))));
    String sql =
        "select count(*) from act_hi_procinst i join contact c on c.id = i.business_key_"
            + " where i.proc_def_key_ = 'cart-abandonment' and c.email = ?";
    assertThat(jdbc.queryForObject(sql, Integer.class, x)).as("one instance for two carts").isOne();
    assertThat(jdbc.queryForObject(sql + " and i.end_time_ is not null", Integer.class, x))
        .as("ended by the order in the same batch")
        .isOne();
    assertThat(jdbc.queryForObject(sql + " and i.end_time_ is null", Integer.class, y)).isOne();
    runtime
        .createProcessInstanceQuery()
        .processDefinitionKey("cart-abandonment")
        .processInstanceBusinessKey(
            jdbc.queryForObject("select id from contact where email = ?", String.class, y))
        .list()
        .forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "test cleanup"));
  }

  @Test
  void bulkBatchesOfAThousandAreStored() {
    long started = System.nanoTime();
    for (int b = 0; b < 10; b++) {
      List<IncomingEvent> batch = new ArrayList<>(1000);
      for (int i = 0; i < 1000; i++) {
        int n = b * 1000 + i;
        batch.add(
            new IncomingEvent(
                "bulk-" + n + "-" + run,
                "custom.bulk.test",
                null,
                "bulk-" + (n % 500) + "-" + run + "@example.com",
                null,
                OffsetDateTime.parse("2026-11-23T08:00:00Z").plusSeconds(n),
                Map.of("n", n)));
      }
      assertThat(intake.ingest(batch)).isEqualTo(1000);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    LoggerFactory.getLogger(getClass()).info("10,000 events in batches of 1000: {} ms", millis);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event where id like ?", Integer.class, "bulk-%-" + run))
        .isEqualTo(10_000);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from contact where email like ?",
                Integer.class,
                "bulk-%-" + run + "@example.com"))
        .isEqualTo(500);
  }

  @Test
  void kafkaPoisonAndInvalidRecordsGoToTheDeadLetterTopicAndTheNextRecordIsStillStored()
      throws Exception {
    String key = "k-" + run;
    byte[] first =
        event("kafka-1-" + run, "page.viewed", "\"phone\": \"" + mobile + "\"")
            .getBytes(StandardCharsets.UTF_8);
    byte[] poison = ("not json at all " + run).getBytes(StandardCharsets.UTF_8);
    byte[] invalid =
        event("kafka-2-" + run, "no.such.type", "\"contactId\": \"x\"")
            .getBytes(StandardCharsets.UTF_8);
    byte[] last =
        event("kafka-3-" + run, "order.placed", "\"phone\": \"" + mobile + "\"")
            .getBytes(StandardCharsets.UTF_8);

    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (byte[] value : List.of(first, poison, invalid, last)) {
        producer.send(new ProducerRecord<>("journeys.events", key, value)).get();
      }
    }

    waitFor("kafka-1 and kafka-3 of run " + run + " stored")
        .untilAsserted(
            () -> {
              assertThat(stored("kafka-1-" + run)).isEqualTo(1);
              assertThat(stored("kafka-3-" + run)).isEqualTo(1);
            });
    assertThat(stored("kafka-2-" + run)).isZero();
    assertThat(
            jdbc.queryForObject(
                "select count(distinct contact_id) from event where id in (?, ?)",
                Integer.class,
                "kafka-1-" + run,
                "kafka-3-" + run))
        .isEqualTo(1);

    List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      consumer.subscribe(List.of("journeys.events-dlt"));
      waitFor("the 2 dead letters of key " + key)
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(500))
                    .forEach(
                        r -> {
                          if (key.equals(r.key())) {
                            dead.add(r);
                          }
                        });
                return dead.size() >= 2;
              });
    }
    assertThat(dead).hasSize(2);
    assertThat(dead.get(0).value()).isEqualTo(poison);
    assertThat(reason(dead.get(0))).isEqualTo("not valid JSON");
    assertThat(dead.get(1).value()).isEqualTo(invalid);
    assertThat(reason(dead.get(1)))
        .isEqualTo("invalid event: type: unknown type (see docs/contract.md or use custom.*)");
  }

  /**
   * Finding 1: a NUL in the id once stopped the whole intake (PostgreSQL refused it, the batch was
   * retried without end). Now each bad record is dead-lettered and a valid record under another
   * key, produced right after, is stored.
   */
  @Test
  void controlCharactersAndAbsurdDatesAreDeadLetteredWithoutHoldingTheNextRecord()
      throws Exception {
    String key = "nul-" + run;
    String contact = "\"phone\": \"" + mobile + "\"";
    List<byte[]> bad =
        List.of(
                event("bad\\u0000id-" + run, "page.viewed", contact),
                event("ctl-type-" + run, "custom.x\\u0001", contact),
                event("ctl-contact-" + run, "login", "\"contactId\": \"c\\u0000" + run + "\""),
                event("ancient-" + run, "login", contact)
                    .replace("2026-11-23T08:15:00+08:00", "-9999-01-01T00:00:00Z"))
            .stream()
            .map(s -> s.getBytes(StandardCharsets.UTF_8))
            .toList();
    byte[] valid = event("after-nul-" + run, "login", contact).getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (byte[] value : bad) {
        producer.send(new ProducerRecord<>("journeys.events", key, value)).get();
      }
      producer.send(new ProducerRecord<>("journeys.events", "other-" + run, valid)).get();
    }
    waitFor("after-nul-" + run + " stored")
        .untilAsserted(() -> assertThat(stored("after-nul-" + run)).isEqualTo(1));

    List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      consumer.subscribe(List.of("journeys.events-dlt"));
      waitFor(bad.size() + " dead letters of key " + key)
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(500))
                    .forEach(
                        r -> {
                          if (key.equals(r.key())) {
                            dead.add(r);
                          }
                        });
                return dead.size() >= bad.size();
              });
    }
    assertThat(dead).extracting(ConsumerRecord::value).containsExactlyElementsOf(bad);
    assertThat(dead)
        .extracting(EventIntakeIntegrationTest::reason)
        .containsExactly(
            "invalid event: id: must not contain control characters",
            "invalid event: type: must not contain control characters",
            "invalid event: contactId: must not contain control characters",
            "invalid event: occurredAt: before 1970-01-01T00:00:00Z");
  }

  private static String reason(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader(KafkaIntakeConfiguration.REASON_HEADER);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private KafkaConsumer<String, byte[]> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafkaBootstrap(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "dlt-reader-" + run,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest"),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }
}
