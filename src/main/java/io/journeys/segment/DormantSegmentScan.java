package io.journeys.segment;

import static io.journeys.journey.JourneyConstants.VAR_SCAN_CURSOR;
import static io.journeys.journey.JourneyConstants.VAR_SCAN_DONE;
import static io.journeys.journey.JourneyConstants.VAR_SCAN_ENTERED;

import io.journeys.config.EngineClock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Scan dormant segment" task of {@code bpmn/segment-dormant-scan.bpmn}: enters one batch and
 * keeps the cursor in the instance, so the model loops (one job and transaction per batch) until
 * {@code scanDone}.
 */
@Component("dormantSegmentScan")
class DormantSegmentScan implements JavaDelegate {

  private static final Logger log = LoggerFactory.getLogger(DormantSegmentScan.class);

  private final DormantSegment segment;

  DormantSegmentScan(DormantSegment segment) {
    this.segment = segment;
  }

  @Override
  public void execute(DelegateExecution execution) {
    DormantSegment.Batch batch = segment.enterNextBatch(
        (String) execution.getVariable(VAR_SCAN_CURSOR), EngineClock.now());
    int entered = (execution.getVariable(VAR_SCAN_ENTERED) instanceof Number n ? n.intValue() : 0) + batch.entered();
    execution.setVariable(VAR_SCAN_CURSOR, batch.cursor());
    execution.setVariable(VAR_SCAN_ENTERED, entered);
    execution.setVariable(VAR_SCAN_DONE, batch.done());
    if (batch.done()) {
      log.info("Dormant segment scan {}: {} contact(s) entered", execution.getProcessInstanceId(), entered);
    }
  }
}
