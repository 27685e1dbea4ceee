package io.journeys.journey;

import io.journeys.event.StoredEvent;

/**
 * Where {@link JourneyCorrelator} leaves an event that reached no waiting execution although a
 * running journey of its contact expects it: it is retried later instead of being dropped.
 */
@FunctionalInterface
interface CorrelationRetries {

  /**
   * Keeps the event for later correlation.
   *
   * @param processInstanceId the one instance to reach, or null for every instance of the contact
   */
  void later(StoredEvent event, String processInstanceId);
}
