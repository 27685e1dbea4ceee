package io.journeys.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.event.IntakeFailures.Kind;
import io.journeys.event.InvalidEventsException.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * Takes events from the events topic, a poll at a time, into {@link EventIntake}. A record that can
 * never be stored (unreadable, invalid, or refused by the database with a data error) ends the
 * batch: the records before it are stored, it is handed to the error handler as not retryable
 * (dead-letter topic with its original bytes), and the records after it are polled again. A failure
 * that passes (database down) fails the batch for a retry with back-off, without end; a batch that
 * failed {@value IntakeStall#MAX_BATCH_ATTEMPTS} times for another reason is taken record by
 * record, so one record cannot hold the ones after it (docs/hardening.md, finding 1).
 */
class KafkaEventListener {

  static final String LISTENER_ID = "journeys-events";
  static final String SUPPRESSED = "suppressed";
  private static final Logger log = LoggerFactory.getLogger(KafkaEventListener.class);

  private final EventIntake intake;
  private final ObjectMapper json;
  private final IntakeStall stall;

  KafkaEventListener(EventIntake intake, ObjectMapper json, IntakeStall stall) {
    this.intake = intake;
    this.json = json;
    this.stall = stall;
  }

  @KafkaListener(
      id = LISTENER_ID,
      topics = "${journeys.kafka.events-topic}",
      groupId = "journeys",
      containerFactory = KafkaIntakeConfiguration.CONTAINER_FACTORY,
      batch = "true")
  void onEvents(List<ConsumerRecord<String, byte[]>> records) {
    if (records.isEmpty()) {
      return;
    }
    List<IncomingEvent> events = new ArrayList<>(records.size());
    RejectedEventException unreadable = null;
    for (int i = 0; i < records.size() && unreadable == null; i++) {
      try {
        events.add(read(records.get(i).value()));
      } catch (RejectedEventException e) {
        unreadable = e;
      }
    }
    String position = IntakeStall.position(records.get(0));
    try {
      store(events, 0);
      stall.recovered(position);
    } catch (BatchListenerFailedException e) {
      stall.recovered(position);
      throw e;
    } catch (RuntimeException e) {
      Kind kind = IntakeFailures.classify(e);
      int attempt = stall.failed(position, kind, e);
      if (kind == Kind.TRANSIENT
          || (kind == Kind.OTHER && attempt < IntakeStall.MAX_BATCH_ATTEMPTS)) {
        // the whole batch again after the error handler's back-off; nothing is committed
        throw new BatchListenerFailedException("event intake failed, retrying", e, 0);
      }
      recordByRecord(events);
      stall.recovered(position);
    }
    if (unreadable != null) {
      throw new BatchListenerFailedException(unreadable.getMessage(), unreadable, events.size());
    }
  }

  /** One event per transaction; the first that fails ends the batch there. */
  private void recordByRecord(List<IncomingEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      try {
        store(events.subList(i, i + 1), i);
      } catch (BatchListenerFailedException e) {
        throw e;
      } catch (RuntimeException e) {
        Kind kind = IntakeFailures.classify(e);
        if (kind == Kind.TRANSIENT) {
          throw new BatchListenerFailedException("event intake failed, retrying", e, i);
        }
        String reason =
            kind == Kind.DATA
                ? "data error: SQL state " + IntakeFailures.sqlState(e)
                : "processing failed: " + e.getClass().getSimpleName();
        log.warn("Event at batch index {} goes to the dead-letter topic: {}", i, reason);
        RejectedEventException rejected = new RejectedEventException(reason, e);
        throw new BatchListenerFailedException(reason, rejected, i);
      }
    }
  }

  /**
   * Stores {@code events}, the records from {@code offset} on; the first refused one ends the batch
   * there. An event of an erased (suppressed) person is skipped, not dead-lettered: its personal
   * data must not be kept anywhere.
   */
  private void store(List<IncomingEvent> events, int offset) {
    if (events.isEmpty()) {
      return;
    }
    try {
      intake.ingestFromOutside(events);
    } catch (InvalidEventsException e) {
      Problem first =
          e.problems().stream().min(Comparator.comparingInt(Problem::index)).orElseThrow();
      store(events.subList(0, first.index()), offset);
      if (SUPPRESSED.equals(first.reason())) {
        log.info("Skipped event {} of an erased contact", events.get(first.index()).id());
        store(events.subList(first.index() + 1, events.size()), offset + first.index() + 1);
        return;
      }
      RejectedEventException reason =
          new RejectedEventException(
              "invalid event: "
                  + (first.field().isEmpty() ? "" : first.field() + ": ")
                  + first.reason());
      throw new BatchListenerFailedException(reason.getMessage(), reason, offset + first.index());
    }
  }

  private IncomingEvent read(byte[] value) {
    if (value == null || value.length == 0) {
      throw new RejectedEventException("empty record");
    }
    JsonNode node;
    try {
      node = json.readTree(value);
    } catch (JsonProcessingException e) {
      throw new RejectedEventException("not valid JSON");
    } catch (IOException e) {
      throw new RejectedEventException("unreadable record");
    }
    List<Problem> problems = new ArrayList<>();
    IncomingEvent event = EventJson.item(0, node, json, problems);
    if (!problems.isEmpty()) {
      Problem p = problems.get(0);
      throw new RejectedEventException(
          "invalid event: " + (p.field().isEmpty() ? "" : p.field() + ": ") + p.reason());
    }
    return event;
  }
}
