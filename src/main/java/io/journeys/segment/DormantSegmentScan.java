package io.journeys.segment;

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

  static final String VAR_CURSOR = "scanCursor";
  static final String VAR_DONE = "scanDone";
  static final String VAR_ENTERED = "enteredCount";

  private static final Logger log = LoggerFactory.getLogger(DormantSegmentScan.class);

  private final DormantSegment segment;

  DormantSegmentScan(DormantSegment segment) {
    this.segment = segment;
  }

  @Override
  public void execute(DelegateExecution execution) {
    DormantSegment.Batch batch = segment.enterNextBatch(
        (String) execution.getVariable(VAR_CURSOR), EngineClock.now());
    int entered = (execution.getVariable(VAR_ENTERED) instanceof Number n ? n.intValue() : 0) + batch.entered();
    execution.setVariable(VAR_CURSOR, batch.cursor());
    execution.setVariable(VAR_ENTERED, entered);
    execution.setVariable(VAR_DONE, batch.done());
    if (batch.done()) {
      log.info("Dormant segment scan {}: {} contact(s) entered", execution.getProcessInstanceId(), entered);
    }
  }
}
