package io.journeys.analytics;

import io.journeys.config.EngineClock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "A/B split" task ({@code .camunda/element-templates/ab-split.json}): assigns the journey's
 * contact to an arm of the experiment given as input parameter {@code experimentKey}, with the
 * percentages of {@code arms} ({@code "control:50,variant:50"}), records it and sets the arm's name
 * in the variable named by {@code armVariable} (default {@code experimentArm}) for the exclusive
 * gateway after it. Assignment is deterministic and sticky ({@link Experiments}), so a retried job
 * assigns the same arm. With {@code routeToWinner} true, contacts not assigned yet go to the winner
 * once the experiment has one. A trial run ({@code journeyTrial}) gets the contact's arm without
 * recording anything.
 */
@Component("abSplitDelegate")
class AbSplitDelegate implements JavaDelegate {

  static final String DEFAULT_VARIABLE = "experimentArm";

  private final Experiments experiments;

  AbSplitDelegate(Experiments experiments) {
    this.experiments = experiments;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String experiment = text(execution, "experimentKey");
    String contactId =
        execution.getProcessBusinessKey() != null
            ? execution.getProcessBusinessKey()
            : text(execution, "contactId");
    String variable =
        execution.getVariable("armVariable") instanceof String v && !v.isBlank()
            ? v
            : DEFAULT_VARIABLE;
    String journey =
        execution
            .getProcessEngineServices()
            .getRepositoryService()
            .getProcessDefinition(execution.getProcessDefinitionId())
            .getKey();
    if (AnalyticsEnginePlugin.trial(execution)) {
      execution.setVariable(
          variable,
          experiments.peek(experiment, contactId, Experiments.parseArms(text(execution, "arms"))));
      return;
    }
    String arm =
        experiments.assign(
            experiment,
            contactId,
            Experiments.parseArms(text(execution, "arms")),
            journey,
            execution.getProcessInstanceId(),
            EngineClock.now(),
            Boolean.TRUE.equals(execution.getVariable("routeToWinner"))
                || "true".equals(execution.getVariable("routeToWinner")));
    execution.setVariable(variable, arm);
  }

  private static String text(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new IllegalStateException(
          "'"
              + name
              + "' is missing at "
              + execution.getCurrentActivityId()
              + " of "
              + execution.getProcessDefinitionId());
    }
    return text.trim();
  }
}
