package io.journeys.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.event.DeadLetters.DeadLetter;
import io.journeys.event.IntakeFailures.Kind;
import io.journeys.event.InvalidEventsException.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * Takes events from the events topic, a poll at a time, into {@link EventIntake}, and publishes the
 * records that can never be stored (unreadable, invalid, refused by the database with a data error)
 * to the dead-letter topic itself, with their original bytes and a reason, before it returns; the
 * container then commits the batch's offsets. A refused record therefore costs no seek, no new poll
 * and no retry: the rest of the batch goes on.
 *
 * <p>The valid records of a batch are stored in one transaction; a refused one is taken out and the
 * rest stored again. A data error of the database takes the batch record by record (one transaction
 * each). A failure that passes (database down) fails the batch for a retry with back-off, without
 * end; a batch that failed {@value IntakeStall#MAX_BATCH_ATTEMPTS} times for another reason is
 * taken record by record and the failing record dead-lettered, so one record cannot hold the ones
 * after it (docs/hardening.md, finding 1).
 *
 * <p>A crash after the intake transaction and before the offset commit delivers the batch again:
 * its events are duplicates by id (no second effect) and its dead letters are published again (same
 * {@code kafka_dlt-original-*} headers): nothing is lost, a dead letter may repeat.
 */
class KafkaEventListener {

  static final String LISTENER_ID = "journeys-events";
  static final String SUPPRESSED = "suppressed";
  private static final Logger log = LoggerFactory.getLogger(KafkaEventListener.class);

  private final EventIntake intake;
  private final ObjectMapper json;
  private final IntakeStall stall;
  private final DeadLetters deadLetters;

  KafkaEventListener(
      EventIntake intake, ObjectMapper json, IntakeStall stall, DeadLetters deadLetters) {
    this.intake = intake;
    this.json = json;
    this.stall = stall;
    this.deadLetters = deadLetters;
  }

  /** A readable record: its index in the batch and its event. */
  private record Item(int index, IncomingEvent event) {}

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
    // dead letters by batch index, published in record order
    Map<Integer, String> refused = new TreeMap<>();
    List<Item> items = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        items.add(new Item(i, read(records.get(i).value())));
      } catch (RejectedEventException e) {
        refused.put(i, e.getMessage());
      }
    }
    String position = IntakeStall.position(records.get(0));
    try {
      store(items, refused);
    } catch (RuntimeException e) {
      Kind kind = IntakeFailures.classify(e);
      int attempt = stall.failed(position, kind, e);
      if (kind == Kind.TRANSIENT
          || (kind == Kind.OTHER && attempt < IntakeStall.MAX_BATCH_ATTEMPTS)) {
        // the whole batch again after the error handler's back-off; nothing is committed
        throw new BatchListenerFailedException("event intake failed, retrying", e, 0);
      }
      recordByRecord(records, items, refused);
    }
    publish(records, refused, records.size());
    stall.recovered(position);
  }

  /**
   * Stores the readable events in one transaction; an event the intake refuses is moved to {@code
   * refused} (or skipped: an erased person's event) and the rest stored again.
   */
  private void store(List<Item> items, Map<Integer, String> refused) {
    List<Item> left = new ArrayList<>(items);
    while (!left.isEmpty()) {
      try {
        intake.ingestFromOutside(left.stream().map(Item::event).toList());
        return;
      } catch (InvalidEventsException e) {
        Map<Integer, Problem> first = new TreeMap<>();
        e.problems().forEach(p -> first.putIfAbsent(p.index(), p));
        if (first.isEmpty()) {
          throw e;
        }
        List<Item> next = new ArrayList<>(left.size());
        for (int k = 0; k < left.size(); k++) {
          Problem p = first.get(k);
          if (p == null) {
            next.add(left.get(k));
          } else if (SUPPRESSED.equals(p.reason())) {
            // an erased person's event is skipped, not dead-lettered: no copy of their data
            log.info("Skipped event {} of an erased contact", left.get(k).event().id());
          } else {
            refused.put(left.get(k).index(), reason(p));
          }
        }
        if (next.size() == left.size()) {
          throw e;
        }
        left = next;
      }
    }
  }

  /**
   * One event per transaction. A failure that passes ends the batch there (the records before it
   * are done, their dead letters published); any other failure dead-letters the one record.
   */
  private void recordByRecord(
      List<ConsumerRecord<String, byte[]>> records,
      List<Item> items,
      Map<Integer, String> refused) {
    for (Item item : items) {
      try {
        store(List.of(item), refused);
      } catch (RuntimeException e) {
        Kind kind = IntakeFailures.classify(e);
        if (kind == Kind.TRANSIENT) {
          publish(records, refused, item.index());
          throw new BatchListenerFailedException("event intake failed, retrying", e, item.index());
        }
        String reason =
            kind == Kind.DATA
                ? "data error: SQL state " + IntakeFailures.sqlState(e)
                : "processing failed: " + e.getClass().getSimpleName();
        refused.put(item.index(), reason);
      }
    }
  }

  /** Publishes the dead letters of the records before batch index {@code end}. */
  private void publish(
      List<ConsumerRecord<String, byte[]>> records, Map<Integer, String> refused, int end) {
    List<DeadLetter> letters = new ArrayList<>();
    refused.forEach(
        (index, reason) -> {
          if (index < end) {
            letters.add(new DeadLetter(records.get(index), reason));
          }
        });
    if (letters.isEmpty()) {
      return;
    }
    for (DeadLetter letter : letters) {
      log.warn(
          "Event at {} goes to the dead-letter topic: {}",
          IntakeStall.position(letter.record()),
          letter.reason());
    }
    try {
      deadLetters.publish(letters);
    } catch (RuntimeException e) {
      // nothing of the batch is committed: it comes again, its stored events as duplicates
      stall.failed(IntakeStall.position(records.get(0)), Kind.TRANSIENT, e);
      throw new BatchListenerFailedException("dead-letter topic unreachable, retrying", e, 0);
    }
  }

  private static String reason(Problem p) {
    return "invalid event: " + (p.field().isEmpty() ? "" : p.field() + ": ") + p.reason();
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
      throw new RejectedEventException(reason(problems.get(0)));
    }
    return event;
  }
}
