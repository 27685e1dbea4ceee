package io.journeys.analytics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Folds the pending day-rollup increments into the counters every {@code
 * journeys.analytics.fold-every} (default 5 s) on PostgreSQL ({@link DailyRollup#fold()}). The
 * reports do not wait for it: they read the counters and the pending increments together.
 */
@Component
class RollupFolding {

  private static final Logger log = LoggerFactory.getLogger(RollupFolding.class);

  private final DailyRollup rollup;

  RollupFolding(DailyRollup rollup) {
    this.rollup = rollup;
  }

  @Scheduled(
      initialDelayString = "${journeys.analytics.fold-every:PT5S}",
      fixedDelayString = "${journeys.analytics.fold-every:PT5S}")
  void fold() {
    try {
      rollup.fold();
    } catch (RuntimeException e) {
      log.warn("Could not fold the day rollups; the next pass does", e);
    }
  }
}
