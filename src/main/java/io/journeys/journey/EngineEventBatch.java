package io.journeys.journey;

import io.journeys.event.EventBatchScope;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The starts and correlations of a run of stored events in one engine command: the engine commands
 * that {@link JourneyCorrelator} issues per event reuse its context, so the engine writes their
 * rows once, as JDBC batches, instead of once per event (docs/operating.md "Throughput"). The
 * intake starts a new run, and so a new command, at the second event of a contact: its queries
 * (running instances, waiting executions) must see what the first one did, and the engine's queries
 * do not see rows it has not flushed yet. {@code journeys.events.engine-batch=false} turns it off.
 */
@Component
class EngineEventBatch implements EventBatchScope {

  private final ProcessEngineConfigurationImpl engine;
  private volatile boolean enabled;

  EngineEventBatch(
      ProcessEngineConfigurationImpl engine,
      @Value("${journeys.events.engine-batch:true}") boolean enabled) {
    this.engine = engine;
    this.enabled = enabled;
  }

  /** Turns it on or off at run time (the benchmark compares both). */
  void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  @Override
  public void publish(Runnable publication) {
    if (!enabled) {
      publication.run();
      return;
    }
    engine
        .getCommandExecutorTxRequired()
        .execute(
            commandContext -> {
              publication.run();
              return null;
            });
  }
}
