package io.journeys.event;

/**
 * Wraps the publication of stored events that share a transaction, so that a feature can do their
 * effects together (the journeys: one engine command, one flush of the engine's rows, for all the
 * starts and correlations of a batch). {@link EventIntake} calls it once per run of consecutive
 * events in which no contact appears twice; a second event of a contact starts a new run, so that
 * it sees what the first one did. Optional: without a bean the events are published one by one.
 */
@FunctionalInterface
public interface EventBatchScope {

  /** Runs {@code publication} (which publishes the events of one run) inside the scope. */
  void publish(Runnable publication);
}
