package io.journeys.journey;

import io.journeys.event.StoredEvent;

/** Delivers events that a {@link JourneyGate} held, once the journey runs again. */
public interface JourneyReplay {

  /**
   * Starts {@code processKey} for the event's contact as the event would have (running-instance
   * check, {@link JourneyGate}, re-entry rule).
   *
   * @return whether an instance started
   */
  boolean start(String processKey, StoredEvent event);

  /**
   * Delivers the event to the executions of this process instance waiting for it.
   *
   * @return how many executions it reached
   */
  int deliver(String processInstanceId, StoredEvent event);
}
