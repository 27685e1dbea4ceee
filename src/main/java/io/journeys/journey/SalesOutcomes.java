package io.journeys.journey;

import io.journeys.event.EventTypes;
import io.journeys.event.StoredEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The sales outcome coming back from the CRM (seed 001: "CRM中销售跟进结果同步回工具"): a {@code sales.outcome}
 * event of a contact completes that contact's open "Hand to sales" task with its {@code outcome}
 * ({@code qualified}, {@code nurture}, {@code disqualified}) and {@code note}, as if a rep had
 * submitted the form; the journey's outcome gateway then decides. The event the task records itself
 * when a rep completes it ({@code sales-outcome-<taskId>}) is skipped, and a task completed here
 * records no second event. An outcome that is none of the three, or a contact without an open task,
 * moves nothing (the event stays in the contact's history).
 */
@Component
class SalesOutcomes {

  private static final Logger log = LoggerFactory.getLogger(SalesOutcomes.class);
  static final String OWN_EVENT_PREFIX = "sales-outcome-";

  private final TaskService tasks;

  SalesOutcomes(TaskService tasks) {
    this.tasks = tasks;
  }

  @EventListener
  void on(StoredEvent event) {
    if (!EventTypes.SALES_OUTCOME.equals(event.type())) {
      return;
    }
    List<Task> open =
        tasks
            .createTaskQuery()
            .processInstanceBusinessKey(event.contactId())
            .taskDefinitionKey(JourneyConstants.TASK_HAND_TO_SALES)
            .active()
            .list();
    if (open.stream().anyMatch(task -> event.id().equals(OWN_EVENT_PREFIX + task.getId()))) {
      return; // recorded by the task being completed right now
    }
    Map<String, Object> properties = event.properties() == null ? Map.of() : event.properties();
    Object outcome = properties.get(JourneyConstants.VAR_OUTCOME);
    if (outcome == null || !SalesTaskListener.OUTCOMES.contains(outcome.toString())) {
      if (!open.isEmpty()) {
        log.warn(
            "sales.outcome {} has outcome '{}', not one of {}: task left open",
            event.id(),
            outcome,
            SalesTaskListener.OUTCOMES);
      }
      return;
    }
    for (Task task : open) {
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put(JourneyConstants.VAR_OUTCOME, outcome.toString());
      Object note = properties.get(JourneyConstants.VAR_NOTE);
      if (note != null) {
        variables.put(JourneyConstants.VAR_NOTE, note.toString());
      }
      tasks.setVariableLocal(task.getId(), JourneyConstants.VAR_OUTCOME_EVENT_ID, event.id());
      tasks.complete(task.getId(), variables);
      log.info("sales.outcome {} completed task {} with '{}'", event.id(), task.getId(), outcome);
    }
  }
}
