package io.journeys.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.journeys.event.InvalidEventsException.Problem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;

/** How a poll is split: records before a refused one are stored, the refused one is named. */
class KafkaEventListenerTest {

  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
  private final List<List<String>> ingested = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MovableClock clock = new MovableClock();

  private static ConsumerRecord<String, byte[]> record(int offset, String value) {
    return new ConsumerRecord<>(
        "journeys.events",
        0,
        offset,
        "c-1",
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static String event(String id, String type) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\",\"contactId\":\"c-1\","
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

  private KafkaEventListener listener(EventIntake intake) {
    return new KafkaEventListener(intake, json, new IntakeStall(meters, clock));
  }

  private static org.springframework.kafka.listener.DefaultErrorHandler handler() {
    return KafkaIntakeConfiguration.errorHandler(
        new KafkaTemplate<>(new DefaultKafkaProducerFactory<String, byte[]>(Map.of())),
        "journeys.events-dlt",
        new SimpleMeterRegistry().counter("dead"));
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-11-23T08:00:00Z");

    void plus(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void storesTheRecordsBeforeARefusedEventAndNamesIt() {
    KafkaEventListener listener = listener(this::intake);
    List<ConsumerRecord<String, byte[]>> records =
        List.of(
            record(0, event("a", "login")), record(1, event("b", "login")),
            record(2, event("refuse-c", "login")), record(3, event("d", "login")));
    assertThatThrownBy(() -> listener.onEvents(records))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class,
            e -> {
              assertThat(e.getIndex()).isEqualTo(2);
              assertThat(e.getCause())
                  .isInstanceOf(RejectedEventException.class)
                  .hasMessage("invalid event: contactId: unknown contact");
            });
    assertThat(ingested).containsExactly(List.of("a", "b"));
  }

  @Test
  void eventsOfErasedPeopleAreSkippedNotDeadLettered() {
    KafkaEventListener listener = listener(this::intake);
    List<ConsumerRecord<String, byte[]>> records =
        List.of(
            record(0, event("a", "login")), record(1, event("erased-b", "login")),
            record(2, event("c", "login")), record(3, event("erased-d", "login")),
            record(4, event("refuse-e", "login")), record(5, event("f", "login")));
    assertThatThrownBy(() -> listener.onEvents(records))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(4));
    assertThat(ingested).containsExactly(List.of("a"), List.of("c"));
  }

  /** Only Journeys sends its own messages (a double opt-in confirmation, a broadcast's cancel). */
  @Test
  void aMessageOnlyJourneysSendsIsDeadLetteredNotStored() {
    KafkaEventListener listener = listener(this::intake);
    List<ConsumerRecord<String, byte[]>> records =
        List.of(
            record(0, event("a", "login")),
            record(1, event("b", "custom.broadcast.cancelled")),
            record(2, event("c", "login")));
    assertThatThrownBy(() -> listener.onEvents(records))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class,
            e -> {
              assertThat(e.getIndex()).isEqualTo(1);
              assertThat(e.getCause().getMessage()).contains("reserved");
            });
    assertThat(ingested).containsExactly(List.of("a"));
  }

  @Test
  void aPoisonRecordEndsTheBatchWithoutStoppingTheOnesBefore() {
    KafkaEventListener listener = listener(this::intake);
    List<ConsumerRecord<String, byte[]>> records =
        List.of(
            record(0, event("a", "login")),
            record(1, "{not json"),
            record(2, event("x", "nope")),
            record(3, null));
    assertThatThrownBy(() -> listener.onEvents(records))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class,
            e -> {
              assertThat(e.getIndex()).isEqualTo(1);
              assertThat(e.getCause()).hasMessage("not valid JSON");
            });
    assertThat(ingested).containsExactly(List.of("a"));

    ingested.clear();
    assertThatThrownBy(() -> listener.onEvents(records.subList(2, 4)))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class,
            e -> {
              assertThat(e.getIndex()).isZero();
              assertThat(e.getCause()).hasMessageStartingWith("invalid event: type: unknown type");
            });
    assertThatThrownBy(() -> listener.onEvents(records.subList(3, 4)))
        .hasCauseInstanceOf(RejectedEventException.class)
        .cause()
        .hasMessage("empty record");
    assertThat(ingested).isEmpty();
  }

  @Test
  void aTransientFailureFailsTheWholeBatchForRetry() {
    KafkaEventListener listener =
        listener(
            events -> {
              throw new DataAccessResourceFailureException("database down");
            });
    for (int attempt = 1; attempt <= 5; attempt++) {
      assertThatThrownBy(() -> listener.onEvents(List.of(record(0, event("a", "login")))))
          .isInstanceOfSatisfying(
              BatchListenerFailedException.class,
              e -> {
                assertThat(e.getIndex()).isZero();
                assertThat(e.getCause()).isInstanceOf(DataAccessResourceFailureException.class);
              });
    }
    assertThat(meters.counter("journeys.events.intake.failures", "kind", "transient").count())
        .isEqualTo(5);
    clock.plus(Duration.ofSeconds(42));
    assertThat(meters.get("journeys.events.intake.stalled.seconds").gauge().value()).isEqualTo(42);
  }

  /** Finding 1: what PostgreSQL answers for a NUL in a text value. */
  private static RuntimeException dataError() {
    return new DataIntegrityViolationException(
        "insert into event ...",
        new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
  }

  @Test
  void aDataErrorOfTheDatabaseDeadLettersTheOneRecordAndStoresTheOthers() {
    KafkaEventListener listener =
        listener(
            events -> {
              if (events.stream().anyMatch(e -> e.id().startsWith("db-refuses"))) {
                throw dataError();
              }
              return intake(events);
            });
    List<ConsumerRecord<String, byte[]>> records =
        List.of(
            record(0, event("a", "login")), record(1, event("b", "login")),
            record(2, event("db-refuses-c", "login")), record(3, event("d", "login")));
    assertThatThrownBy(() -> listener.onEvents(records))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class,
            e -> {
              assertThat(e.getIndex()).isEqualTo(2);
              assertThat(e.getCause())
                  .isInstanceOf(RejectedEventException.class)
                  .hasMessage("data error: SQL state 22021");
            });
    assertThat(ingested).containsExactly(List.of("a"), List.of("b"));
    assertThat(handler().removeClassification(RejectedEventException.class)).isFalse();
  }

  @Test
  void aBatchThatKeepsFailingIsTakenRecordByRecordAfterThreeAttempts() {
    KafkaEventListener listener =
        listener(
            events -> {
              if (events.stream().anyMatch(e -> e.id().startsWith("bug"))) {
                throw new IllegalStateException("a bug that only this record triggers");
              }
              return intake(events);
            });
    List<ConsumerRecord<String, byte[]>> records =
        List.of(
            record(7, event("a", "login")),
            record(8, event("bug-b", "login")),
            record(9, event("c", "login")));
    for (int attempt = 1; attempt < IntakeStall.MAX_BATCH_ATTEMPTS; attempt++) {
      assertThatThrownBy(() -> listener.onEvents(records))
          .isInstanceOfSatisfying(
              BatchListenerFailedException.class,
              e -> {
                assertThat(e.getIndex()).isZero();
                assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
              });
    }
    assertThat(ingested).isEmpty();
    assertThatThrownBy(() -> listener.onEvents(records))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class,
            e -> {
              assertThat(e.getIndex()).isEqualTo(1);
              assertThat(e.getCause())
                  .isInstanceOf(RejectedEventException.class)
                  .hasMessage("processing failed: IllegalStateException");
            });
    assertThat(ingested).containsExactly(List.of("a"));
    assertThat(meters.counter("journeys.events.intake.failures", "kind", "other").count())
        .isEqualTo(IntakeStall.MAX_BATCH_ATTEMPTS);
    assertThat(meters.get("journeys.events.intake.stalled.seconds").gauge().value()).isZero();
  }

  @Test
  void aDuplicateEventIdIsTransientButAnotherIntegrityViolationIsData() {
    assertThat(
            IntakeFailures.classify(
                new DuplicateKeyException(
                    "x",
                    new SQLException(
                        "duplicate key value violates unique constraint \"event_pkey\"", "23505"))))
        .isEqualTo(IntakeFailures.Kind.TRANSIENT);
    assertThat(
            IntakeFailures.classify(
                new DuplicateKeyException(
                    "x",
                    new SQLException(
                        "duplicate key value violates unique constraint \"contact_email_key\"",
                        "23505"))))
        .isEqualTo(IntakeFailures.Kind.DATA);
    assertThat(
            IntakeFailures.classify(
                new DataIntegrityViolationException(
                    "x", new SQLException("value too long", "22001"))))
        .isEqualTo(IntakeFailures.Kind.DATA);
    assertThat(
            IntakeFailures.classify(
                new DataAccessResourceFailureException(
                    "x", new SQLException("connection refused", "08001"))))
        .isEqualTo(IntakeFailures.Kind.TRANSIENT);
    assertThat(IntakeFailures.classify(new IllegalStateException("x")))
        .isEqualTo(IntakeFailures.Kind.OTHER);
  }

  @Test
  void controlCharactersAndAbsurdDatesAreRefusedBeforeTheDatabase() {
    KafkaEventListener listener = listener(this::intake);
    String nulId =
        "{\"id\":\"bad\\u0000id\",\"type\":\"login\",\"contactId\":\"c-1\","
            + "\"occurredAt\":\"2026-11-23T08:00:00Z\"}";
    String controlType =
        "{\"id\":\"t\",\"type\":\"custom.x\\u0007\",\"contactId\":\"c-1\","
            + "\"occurredAt\":\"2026-11-23T08:00:00Z\"}";
    String controlContact =
        "{\"id\":\"u\",\"type\":\"login\",\"contactId\":\"c-1\\u0000\","
            + "\"occurredAt\":\"2026-11-23T08:00:00Z\"}";
    String ancient =
        "{\"id\":\"v\",\"type\":\"login\",\"contactId\":\"c-1\","
            + "\"occurredAt\":\"-9999-01-01T00:00:00Z\"}";
    Map<String, String> expected =
        Map.of(
            nulId, "invalid event: id: must not contain control characters",
            controlType, "invalid event: type: must not contain control characters",
            controlContact, "invalid event: contactId: must not contain control characters",
            ancient, "invalid event: occurredAt: before 1970-01-01T00:00:00Z");
    expected.forEach(
        (value, reason) ->
            assertThatThrownBy(
                    () ->
                        listener.onEvents(
                            List.of(record(0, value), record(1, event("ok", "login")))))
                .isInstanceOfSatisfying(
                    BatchListenerFailedException.class,
                    e -> {
                      assertThat(e.getIndex()).isZero();
                      assertThat(e.getCause()).hasMessage(reason);
                    }));
    assertThat(ingested).isEmpty();
  }

  @Test
  void refusedRecordsAreNotRetriedAndTransientFailuresAre() {
    var handler = handler();
    assertThat(handler.removeClassification(RejectedEventException.class)).isFalse();
    assertThat(handler.removeClassification(DataAccessResourceFailureException.class)).isNull();
  }
}
