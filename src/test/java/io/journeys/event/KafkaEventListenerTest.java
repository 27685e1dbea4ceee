package io.journeys.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.journeys.event.InvalidEventsException.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;

/** How a poll is split: records before a refused one are stored, the refused one is named. */
class KafkaEventListenerTest {

  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
  private final List<List<String>> ingested = new ArrayList<>();

  private static ConsumerRecord<String, byte[]> record(int offset, String value) {
    return new ConsumerRecord<>("journeys.events", 0, offset, "c-1",
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static String event(String id, String type) {
    return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"contactId\":\"c-1\","
        + "\"occurredAt\":\"2026-11-23T08:00:00Z\"}";
  }

  /**
   * The intake's rules, and refusing events whose id starts with "refuse" as the real intake
   * refuses unknown contacts.
   */
  private int intake(List<IncomingEvent> events) {
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      EventValidator.validate(i, events.get(i), Instant.now(), json, problems);
      if (events.get(i).id().startsWith("refuse")) {
        problems.add(new Problem(i, "contactId", "unknown contact"));
      }
      if (events.get(i).id().startsWith("erased")) {
        problems.add(new Problem(i, "email", "suppressed"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidEventsException(problems);
    }
    ingested.add(events.stream().map(IncomingEvent::id).toList());
    return events.size();
  }

  @Test
  void storesTheRecordsBeforeARefusedEventAndNamesIt() {
    KafkaEventListener listener = new KafkaEventListener(this::intake, json);
    List<ConsumerRecord<String, byte[]>> records = List.of(
        record(0, event("a", "login")), record(1, event("b", "login")),
        record(2, event("refuse-c", "login")), record(3, event("d", "login")));
    assertThatThrownBy(() -> listener.onEvents(records))
        .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
          assertThat(e.getIndex()).isEqualTo(2);
          assertThat(e.getCause()).isInstanceOf(RejectedEventException.class)
              .hasMessage("invalid event: contactId: unknown contact");
        });
    assertThat(ingested).containsExactly(List.of("a", "b"));
  }

  @Test
  void eventsOfErasedPeopleAreSkippedNotDeadLettered() {
    KafkaEventListener listener = new KafkaEventListener(this::intake, json);
    List<ConsumerRecord<String, byte[]>> records = List.of(
        record(0, event("a", "login")), record(1, event("erased-b", "login")),
        record(2, event("c", "login")), record(3, event("erased-d", "login")),
        record(4, event("refuse-e", "login")), record(5, event("f", "login")));
    assertThatThrownBy(() -> listener.onEvents(records))
        .isInstanceOfSatisfying(BatchListenerFailedException.class,
            e -> assertThat(e.getIndex()).isEqualTo(4));
    assertThat(ingested).containsExactly(List.of("a"), List.of("c"));
  }

  @Test
  void aPoisonRecordEndsTheBatchWithoutStoppingTheOnesBefore() {
    KafkaEventListener listener = new KafkaEventListener(this::intake, json);
    List<ConsumerRecord<String, byte[]>> records = List.of(
        record(0, event("a", "login")), record(1, "{not json"), record(2, event("x", "nope")),
        record(3, null));
    assertThatThrownBy(() -> listener.onEvents(records))
        .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
          assertThat(e.getIndex()).isEqualTo(1);
          assertThat(e.getCause()).hasMessage("not valid JSON");
        });
    assertThat(ingested).containsExactly(List.of("a"));

    ingested.clear();
    assertThatThrownBy(() -> listener.onEvents(records.subList(2, 4)))
        .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
          assertThat(e.getIndex()).isZero();
          assertThat(e.getCause()).hasMessageStartingWith("invalid event: type: unknown type");
        });
    assertThatThrownBy(() -> listener.onEvents(records.subList(3, 4)))
        .hasCauseInstanceOf(RejectedEventException.class)
        .cause().hasMessage("empty record");
    assertThat(ingested).isEmpty();
  }

  @Test
  void aTransientFailureFailsTheWholeBatchForRetry() {
    KafkaEventListener listener = new KafkaEventListener(events -> {
      throw new DataAccessResourceFailureException("database down");
    }, json);
    assertThatThrownBy(() -> listener.onEvents(List.of(record(0, event("a", "login")))))
        .isInstanceOf(DataAccessResourceFailureException.class)
        .isNotInstanceOf(BatchListenerFailedException.class);
  }

  @Test
  void refusedRecordsAreNotRetriedAndTransientFailuresAre() {
    var handler = KafkaIntakeConfiguration.errorHandler(
        new KafkaTemplate<>(new DefaultKafkaProducerFactory<String, byte[]>(Map.of())), "journeys.events-dlt");
    assertThat(handler.removeClassification(RejectedEventException.class)).isFalse();
    assertThat(handler.removeClassification(DataAccessResourceFailureException.class)).isNull();
  }
}
