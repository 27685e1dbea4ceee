package io.journeys.operations;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.springframework.stereotype.Component;

/**
 * Which experiment arm each activity of a model belongs to: after an A/B split task ({@code
 * ${abSplitDelegate}}, analytics) the flows whose condition tests the arm variable ({@code
 * ${experimentArm == 'variant'}}, as the element template says) lead into the arms; an activity
 * reached from one arm only belongs to it, one reached from several (after the arms join) to none.
 * A migration that would put an instance of one arm into an activity of another is refused.
 */
@Component
class ExperimentArms {

  /** The arm variable's name and the arm of each activity in an arm, per split. */
  record Split(String experiment, String variable, Map<String, String> armOf) {}

  private final RepositoryService repository;
  private final Map<String, List<Split>> byDefinition = new ConcurrentHashMap<>();

  ExperimentArms(RepositoryService repository) {
    this.repository = repository;
  }

  List<Split> of(String definitionId) {
    return byDefinition.computeIfAbsent(
        definitionId, id -> splits(repository.getBpmnModelInstance(id)));
  }

  /**
   * Why moving this instance, waiting in {@code activities}, from {@code source} to {@code target}
   * would move it between arms; null when it would not.
   *
   * @param variables the instance's variables (its arm under each split's variable)
   */
  static String refusal(
      List<Split> source, List<Split> target, List<String> activities, Map<String, ?> variables) {
    for (Split s : source) {
      Object arm = variables.get(s.variable());
      if (arm == null) {
        continue; // not split yet: the target's split assigns it (sticky)
      }
      for (Split t : target) {
        if (!t.experiment().equals(s.experiment())) {
          continue;
        }
        for (String activity : activities) {
          String targetArm = t.armOf().get(activity);
          if (targetArm != null && !targetArm.equals(arm.toString())) {
            return "would move the contact from arm "
                + arm
                + " to arm "
                + targetArm
                + " of experiment "
                + s.experiment()
                + " (at "
                + activity
                + ")";
          }
        }
      }
    }
    return null;
  }

  private static List<Split> splits(BpmnModelInstance model) {
    return model.getModelElementsByType(ServiceTask.class).stream()
        .filter(
            t ->
                t.getCamundaDelegateExpression() != null
                    && t.getCamundaDelegateExpression().contains("abSplitDelegate"))
        .map(ExperimentArms::split)
        .filter(s -> s.experiment() != null)
        .toList();
  }

  private static Split split(ServiceTask task) {
    Map<String, String> params = TaskInputs.of(task);
    String variable = params.getOrDefault("armVariable", "experimentArm");
    Pattern test =
        Pattern.compile(
            "\\b"
                + Pattern.quote(variable)
                + "\\s*==\\s*['\"]([^'\"]+)['\"]|['\"]([^'\"]+)['\"]\\s*==\\s*"
                + Pattern.quote(variable)
                + "\\b");
    Map<String, Set<String>> armsOf = new HashMap<>();
    Deque<FlowNode> gateways = new ArrayDeque<>(task.getSucceedingNodes().list());
    Set<FlowNode> seen = new HashSet<>();
    while (!gateways.isEmpty()) {
      FlowNode node = gateways.pop();
      if (!seen.add(node)) {
        continue;
      }
      for (SequenceFlow flow : node.getOutgoing()) {
        String arm = armOf(flow, test);
        if (arm != null) {
          reach(flow.getTarget(), arm, armsOf);
        } else if (node instanceof org.camunda.bpm.model.bpmn.instance.Gateway) {
          gateways.push(flow.getTarget());
        }
      }
    }
    Map<String, String> armOf = new HashMap<>();
    armsOf.forEach(
        (activity, arms) -> {
          if (arms.size() == 1) {
            armOf.put(activity, arms.iterator().next());
          }
        });
    return new Split(params.get("experimentKey"), variable, armOf);
  }

  private static String armOf(SequenceFlow flow, Pattern test) {
    if (flow.getConditionExpression() == null) {
      return null;
    }
    Matcher m = test.matcher(flow.getConditionExpression().getTextContent());
    return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
  }

  private static void reach(FlowNode start, String arm, Map<String, Set<String>> armsOf) {
    Deque<FlowNode> todo = new ArrayDeque<>(List.of(start));
    Set<String> visited = new HashSet<>();
    while (!todo.isEmpty()) {
      FlowNode node = todo.pop();
      if (!visited.add(node.getId())) {
        continue;
      }
      armsOf.computeIfAbsent(node.getId(), k -> new HashSet<>()).add(arm);
      node.getOutgoing().forEach(f -> todo.push(f.getTarget()));
      node.getModelInstance().getModelElementsByType(BoundaryEvent.class).stream()
          .filter(b -> b.getAttachedTo() == node)
          .forEach(todo::push);
    }
  }
}
