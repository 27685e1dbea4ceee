package io.journeys.journey;

import io.journeys.event.StoredEvent;

/**
 * Operations' say over a journey's entries and over events for its suspended instances (implemented
 * by {@code operations}; without an implementation every start goes ahead and an event for a
 * suspended instance reaches nothing, as the engine drops it).
 *
 * <p>Both calls run in the transaction that stores the event, so what the gate keeps commits or
 * rolls back with the event.
 */
public interface JourneyGate {

  /** No gate: every start goes ahead, nothing is held. */
  JourneyGate OPEN =
      new JourneyGate() {
        @Override
        public boolean mayStart(String processKey, StoredEvent event) {
          return true;
        }

        @Override
        public boolean holdForSuspended(
            String processKey, String processInstanceId, StoredEvent event) {
          return false;
        }
      };

  /**
   * Whether the event may start {@code processKey} for its contact now. {@code false} means the
   * gate took care of it: held for later ({@link JourneyReplay#start}) or recorded as not entered
   * with its reason. Asked after the running-instance check and before the re-entry rule, so a
   * refusal here records no entry.
   */
  boolean mayStart(String processKey, StoredEvent event);

  /**
   * An event that a suspended instance waits for: the engine would drop it (correlation reaches
   * active executions only). {@code true} when the gate keeps it to deliver later ({@link
   * JourneyReplay#deliver}).
   */
  boolean holdForSuspended(String processKey, String processInstanceId, StoredEvent event);
}
