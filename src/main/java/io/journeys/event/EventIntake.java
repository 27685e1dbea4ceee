package io.journeys.event;

import java.util.List;

/**
 * The one way events enter Journeys: REST, Kafka, tracking pixels, click links and provider
 * callbacks all call this. Validates every event, stores the new ones (idempotent on the id),
 * resolves or creates their contacts and publishes a {@link StoredEvent} for each new one.
 */
public interface EventIntake {

  /**
   * Stores a batch atomically: either every valid new event is stored or, when one is invalid,
   * nothing is and an {@link InvalidEventsException} lists the reasons per item.
   *
   * @return how many events were accepted (duplicates of stored events count as accepted)
   */
  int ingest(List<IncomingEvent> events);

  /**
   * {@link #ingest} for events from outside (REST, Kafka): refuses, like an invalid item, the
   * message names that only Journeys itself may send ({@link EventTypes#isInternal}), so that a
   * client cannot confirm someone's double opt-in or cancel someone's broadcast by an event.
   */
  default int ingestFromOutside(List<IncomingEvent> events) {
    List<InvalidEventsException.Problem> problems = new java.util.ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      IncomingEvent event = events.get(i);
      if (event != null && EventTypes.isInternal(event.type())) {
        problems.add(
            new InvalidEventsException.Problem(
                i, "type", "reserved: only Journeys sends " + event.type()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidEventsException(problems);
    }
    return ingest(events);
  }
}
