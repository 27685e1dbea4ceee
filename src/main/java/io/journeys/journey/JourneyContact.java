package io.journeys.journey;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;

/**
 * The contact a journey is for: the business key of its process instance, set when the journey
 * starts and never changed. Never the {@code contactId} variable, which anyone who completes a task
 * of the journey can overwrite (docs/hardening.md, finding 6).
 */
public final class JourneyContact {

  private JourneyContact() {}

  /** The contact of the journey {@code execution} belongs to. */
  public static String of(DelegateExecution execution) {
    String key = execution.getProcessBusinessKey();
    if (key == null || key.isBlank()) {
      throw new IllegalStateException(
          "no contact: process instance "
              + execution.getProcessInstanceId()
              + " of "
              + execution.getProcessDefinitionId()
              + " has no business key");
    }
    return key;
  }

  /** The contact of the journey {@code task} belongs to. */
  public static String of(DelegateTask task) {
    if (task.getExecution() == null) {
      throw new IllegalStateException(
          "no contact: task " + task.getId() + " belongs to no journey");
    }
    return of(task.getExecution());
  }
}
