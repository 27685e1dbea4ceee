package io.journeys.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Takes events from the events topic, a poll at a time, into {@link EventIntake}. The first record
 * that can never be stored ends the batch: the records before it are stored, it is handed to the
 * error handler as not retryable (dead-letter topic), and the records after it are polled again.
 * Any other failure (database down) is retried with back-off, so nothing is lost or reordered.
 */
class KafkaEventListener {

  static final String LISTENER_ID = "journeys-events";
  static final String SUPPRESSED = "suppressed";
  private static final Logger log = LoggerFactory.getLogger(KafkaEventListener.class);

  private final EventIntake intake;
  private final ObjectMapper json;

  KafkaEventListener(EventIntake intake, ObjectMapper json) {
    this.intake = intake;
    this.json = json;
  }

  @KafkaListener(
      id = LISTENER_ID,
      topics = "${journeys.kafka.events-topic}",
      groupId = "journeys",
      containerFactory = KafkaIntakeConfiguration.CONTAINER_FACTORY,
      batch = "true")
  void onEvents(List<ConsumerRecord<String, byte[]>> records) {
    List<IncomingEvent> events = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        events.add(read(records.get(i).value()));
      } catch (RejectedEventException e) {
        store(events, 0);
        throw new BatchListenerFailedException(e.getMessage(), e, i);
      }
    }
    store(events, 0);
  }

  /**
   * Stores {@code events}, the records from {@code offset} on; the first refused one ends the
   * batch there. An event of an erased (suppressed) person is skipped, not dead-lettered: its
   * personal data must not be kept anywhere.
   */
  private void store(List<IncomingEvent> events, int offset) {
    if (events.isEmpty()) {
      return;
    }
    try {
      intake.ingest(events);
    } catch (InvalidEventsException e) {
      Problem first = e.problems().stream().min(Comparator.comparingInt(Problem::index)).orElseThrow();
      store(events.subList(0, first.index()), offset);
      if (SUPPRESSED.equals(first.reason())) {
        log.info("Skipped event {} of an erased contact", events.get(first.index()).id());
        store(events.subList(first.index() + 1, events.size()), offset + first.index() + 1);
        return;
      }
      RejectedEventException reason = new RejectedEventException(
          "invalid event: " + (first.field().isEmpty() ? "" : first.field() + ": ") + first.reason());
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
