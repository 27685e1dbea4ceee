package io.journeys.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.springframework.context.ApplicationContext;

/**
 * The welcome email of the email scenarios: the template of the first channel step after the {@code
 * form.submitted} start of the lead journey, read from the deployed model, so that the benchmark
 * waits for the email the journey sends (the seed's {@code lead-whitepaper-thanks} since
 * lead-nurturing follows seed 001; {@code lead-welcome} before), not for a name it once had.
 */
final class WelcomeEmail {

  static final String JOURNEY = "lead-nurturing";
  static final String EVENT = "form.submitted";

  private WelcomeEmail() {}

  /** The template of the latest deployed version of {@link #JOURNEY}. */
  static String template(ApplicationContext node) {
    var repository = node.getBean(ProcessEngine.class).getRepositoryService();
    ProcessDefinition latest =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(JOURNEY)
            .latestVersion()
            .singleResult();
    if (latest == null) {
      throw new IllegalStateException(JOURNEY + " is not deployed");
    }
    return template(repository.getBpmnModelInstance(latest.getId()));
  }

  /**
   * The {@code template} input of the first step (breadth first) after the start event on {@link
   * #EVENT}, reached without waiting: the benchmark times the email from the event. Fails, naming
   * why, when there is no such start event, when the journey waits (a catch event, receive task,
   * user task or event-based gateway) before any step with a template, or when there is none.
   */
  static String template(BpmnModelInstance model) {
    StartEvent start =
        model.getModelElementsByType(StartEvent.class).stream()
            .filter(
                event ->
                    event.getEventDefinitions().stream()
                        .anyMatch(
                            d ->
                                d instanceof MessageEventDefinition m
                                    && m.getMessage() != null
                                    && EVENT.equals(m.getMessage().getName())))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("no start event on " + EVENT + " in the model"));
    Deque<FlowNode> next = new ArrayDeque<>(start.getSucceedingNodes().list());
    Set<String> seen = new HashSet<>();
    List<String> waits = new ArrayList<>();
    while (!next.isEmpty()) {
      FlowNode node = next.poll();
      if (!seen.add(node.getId())) {
        continue;
      }
      String template = templateOf(node);
      if (template != null) {
        return template;
      }
      if (node instanceof CatchEvent
          || node instanceof ReceiveTask
          || node instanceof UserTask
          || node instanceof EventBasedGateway) {
        waits.add(node.getId());
        continue;
      }
      next.addAll(node.getSucceedingNodes().list());
    }
    throw new IllegalStateException(
        "no step with a template after "
            + start.getId()
            + (waits.isEmpty() ? "" : " before the journey waits at " + waits));
  }

  private static String templateOf(FlowNode node) {
    if (node.getExtensionElements() == null) {
      return null;
    }
    for (CamundaInputOutput io :
        node.getExtensionElements()
            .getElementsQuery()
            .filterByType(CamundaInputOutput.class)
            .list()) {
      for (CamundaInputParameter p : io.getCamundaInputParameters()) {
        if ("template".equals(p.getCamundaName())) {
          return p.getTextContent().strip();
        }
      }
    }
    return null;
  }
}
