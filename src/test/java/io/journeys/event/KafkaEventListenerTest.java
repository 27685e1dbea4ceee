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

  /** Dead letters as "offset: reason", in the order published. */
  private final List<String> dead = new ArrayList<>();

  private final List<DeadLetters.DeadLetter> letters = new ArrayList<>();
  private boolean deadLettersFail;

  private KafkaEventListener listener(EventIntake intake) {
    DeadLetters deadLetters =
        new DeadLetters(null, "journeys.events-dlt", meters.counter("dead")) {
          @Override
          void publish(List<DeadLetter> published) {
            if (deadLettersFail) {
              throw new org.springframework.kafka.KafkaException("broker unreachable");
            }
            letters.addAll(published);
            published.forEach(l -> dead.add(l.record().offset() + ": " + l.reason()));
          }
        };
    return new KafkaEventListener(intake, json, new IntakeStall(meters, clock), deadLetters);
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
  void refusedEventsAreDeadLetteredAndTheRestOfTheBatchIsStored() {
    KafkaEventListener listener = listener(this::intake);
    List<ConsumerRecord<String, byte[]>> records =
        List.of(
            record(0, event("a", "login")), record(1, event("b", "login")),
            record(2, event("refuse-c", "login")), record(3, event("d", "login")));
    listener.onEvents(records);
    assertThat(ingested).containsExactly(List.of("a", "b", "d"));
    assertThat(dead).containsExactly("2: invalid event: contactId: unknown contact");
  }

  @Test
  void eventsOfErasedPeopleAreSkippedNotDeadLettered() {
    KafkaEventListener listener = listener(this::intake);
    List<ConsumerRecord<String, byte[]>> records =
        List.of(
            record(0, event("a", "login")), record(1, event("erased-b", "login")),
            record(2, event("c", "login")), record(3, event("erased-d", "login")),
            record(4, event("refuse-e", "login")), record(5, event("f", "login")));
    listener.onEvents(records);
    assertThat(ingested).containsExactly(List.of("a", "c", "f"));
    assertThat(dead).containsExactly("4: invalid event: contactId: unknown contact");
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
    listener.onEvents(records);
    assertThat(ingested).containsExactly(List.of("a", "c"));
    assertThat(dead).hasSize(1).first().asString().startsWith("1: ").contains("reserved");
  }

  @Test
  void poisonRecordsAreDeadLetteredInOrderWithoutStoppingTheOthers() {
    KafkaEventListener listener = listener(this::intake);
    List<ConsumerRecord<String, byte[]>> records =
        List.of(
            record(0, event("a", "login")),
            record(1, "{not json"),
            record(2, event("x", "nope")),
            record(3, null),
            record(4, event("e", "login")));
    listener.onEvents(records);
    assertThat(ingested).containsExactly(List.of("a", "e"));
    assertThat(dead).hasSize(3);
    assertThat(dead.get(0)).isEqualTo("1: not valid JSON");
    assertThat(dead.get(1)).startsWith("2: invalid event: type: unknown type");
    assertThat(dead.get(2)).isEqualTo("3: empty record");
    assertThat(letters)
        .extracting(l -> l.record().value())
        .containsExactly(records.get(1).value(), records.get(2).value(), null);
    assertThat(meters.get("journeys.events.intake.stalled.seconds").gauge().value()).isZero();
  }

  /**
   * Dead letters are published before the listener returns (and so before the offsets commit): if
   * the dead-letter topic is unreachable, the whole batch comes again and its events are
   * duplicates.
   */
  @Test
  void aBatchWhoseDeadLettersCannotBePublishedComesAgain() {
    deadLettersFail = true;
    KafkaEventListener listener = listener(this::intake);
    List<ConsumerRecord<String, byte[]>> records =
        List.of(record(0, event("a", "login")), record(1, "{not json"));
    assertThatThrownBy(() -> listener.onEvents(records))
        .isInstanceOfSatisfying(
            BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isZero());
    assertThat(meters.counter("journeys.events.intake.failures", "kind", "transient").count())
        .isEqualTo(1);
    deadLettersFail = false;
    listener.onEvents(records);
    assertThat(dead).containsExactly("1: not valid JSON");
    assertThat(meters.get("journeys.events.intake.stalled.seconds").gauge().value()).isZero();
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
    listener.onEvents(records);
    assertThat(ingested).containsExactly(List.of("a"), List.of("b"), List.of("d"));
    assertThat(dead).containsExactly("2: data error: SQL state 22021");
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
    listener.onEvents(records);
    assertThat(ingested).containsExactly(List.of("a"), List.of("c"));
    assertThat(dead).containsExactly("8: processing failed: IllegalStateException");
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
        (value, reason) -> {
          dead.clear();
          listener.onEvents(List.of(record(0, value), record(1, event("ok", "login"))));
          assertThat(dead).containsExactly("0: " + reason);
        });
    assertThat(ingested).hasSize(expected.size()).allMatch(ids -> ids.equals(List.of("ok")));
  }

  @Test
  void refusedRecordsAreNotRetriedAndTransientFailuresAre() {
    var handler = handler();
    assertThat(handler.removeClassification(RejectedEventException.class)).isFalse();
    assertThat(handler.removeClassification(DataAccessResourceFailureException.class)).isNull();
  }
}
