package io.journeys.operations;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends pauses that reached their maximum ({@code maxPause}, default P14D): resumes or stops the
 * journey as the pause said ({@code onMaxPause}, default resume), audited as {@code system}. Every
 * node checks; the locked control row makes one of them act and the others find the journey no
 * longer paused (409, ignored).
 */
@Component
class MaxPauseWatch {

  private static final Logger log = LoggerFactory.getLogger(MaxPauseWatch.class);

  private final JourneyControls controls;
  private final JourneyOperations operations;

  MaxPauseWatch(JourneyControls controls, JourneyOperations operations) {
    this.controls = controls;
    this.operations = operations;
  }

  @Scheduled(fixedDelayString = "${journeys.operations.max-pause-check:PT1M}")
  void endExpiredPauses() {
    Instant now = OperationsGate.now();
    for (Control c : controls.paused()) {
      if (c.pausedAt() == null
          || c.maxPause() == null
          || c.pausedAt().plus(c.maxPause()).isAfter(now)) {
        continue;
      }
      String why = "maximum pause " + c.maxPause() + " reached";
      try {
        if (c.onMaxPause() == Control.OnMaxPause.STOP) {
          operations.stop(c.processKey(), why);
        } else {
          operations.resume(c.processKey(), why);
        }
        log.info("journey {}: {}, {}", c.processKey(), why, c.onMaxPause());
      } catch (JourneyStateConflict changedMeanwhile) {
        log.debug(
            "journey {} changed meanwhile: {}", c.processKey(), changedMeanwhile.getMessage());
      }
    }
  }
}
