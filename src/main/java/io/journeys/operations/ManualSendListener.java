package io.journeys.operations;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completion of a manual send task ({@code bpmn/manual-send.bpmn}, event {@code complete}): its
 * {@code outcome} ({@code skip}, otherwise {@code sent-by-hand}) moves the journey past the send
 * step, in the completing transaction.
 */
@Component("manualSendListener")
class ManualSendListener implements TaskListener {

  private final ManualMode manualMode;

  ManualSendListener(ManualMode manualMode) {
    this.manualMode = manualMode;
  }

  @Override
  public void notify(DelegateTask task) {
    manualMode.completed(task.getId(), task.getVariable(ManualTasks.OUTCOME));
  }
}
