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
}
