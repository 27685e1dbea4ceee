package io.journeys.journey;

import org.springframework.context.ApplicationContext;

/** For the benchmark: a batch's starts and correlations in one engine command, or one each. */
public final class EngineEventBatchAccess {

  private EngineEventBatchAccess() {}

  public static void set(ApplicationContext app, boolean enabled) {
    app.getBean(EngineEventBatch.class).setEnabled(enabled);
  }
}
