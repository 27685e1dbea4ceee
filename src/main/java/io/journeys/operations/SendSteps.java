package io.journeys.operations;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.springframework.stereotype.Component;

/**
 * The send steps of a journey (its {@code ${sendMessageDelegate}} tasks, every version) read from
 * the BPMN, and the Camunda job definitions behind them, suspended and activated as a whole by
 * manual mode.
 */
@Component
class SendSteps {

  private final RepositoryService repository;
  private final ManagementService management;
  private final Map<String, Map<String, Map<String, String>>> byDefinition =
      new ConcurrentHashMap<>();

  SendSteps(RepositoryService repository, ManagementService management) {
    this.repository = repository;
    this.management = management;
  }

  /** The job definitions of the journey's send steps, every version. */
  List<JobDefinition> jobDefinitions(String key) {
    return repository.createProcessDefinitionQuery().processDefinitionKey(key).list().stream()
        .flatMap(
            d -> {
              Set<String> steps = of(d.getId()).keySet();
              return steps.isEmpty()
                  ? Stream.<JobDefinition>empty()
                  : management
                      .createJobDefinitionQuery()
                      .processDefinitionId(d.getId())
                      .activityIdIn(steps.toArray(String[]::new))
                      .list()
                      .stream();
            })
        .toList();
  }

  /**
   * Suspends the send steps and their jobs; jobs of an already suspended step too (activating a
   * process instance, as resume does, activates all its jobs).
   */
  void suspend(String key) {
    for (JobDefinition jd : jobDefinitions(key)) {
      if (jd.isSuspended()) {
        management.suspendJobByJobDefinitionId(jd.getId());
      } else {
        management.suspendJobDefinitionById(jd.getId(), true);
      }
    }
  }

  /** Activates the send steps and their jobs: the pending ones send as usual. */
  void activate(String key) {
    for (JobDefinition jd : jobDefinitions(key)) {
      management.activateJobDefinitionById(jd.getId(), true);
    }
  }

  /** Send steps of a definition: activity id → its {@code channel} and {@code template}. */
  Map<String, Map<String, String>> of(String definitionId) {
    return byDefinition.computeIfAbsent(
        definitionId,
        id ->
            repository.getBpmnModelInstance(id).getModelElementsByType(ServiceTask.class).stream()
                .filter(
                    t ->
                        t.getCamundaDelegateExpression() != null
                            && t.getCamundaDelegateExpression().contains("sendMessageDelegate"))
                .collect(Collectors.toMap(ServiceTask::getId, SendSteps::parameters)));
  }

  private static Map<String, String> parameters(ServiceTask task) {
    Map<String, String> params = new HashMap<>(TaskInputs.of(task));
    params.keySet().retainAll(java.util.Set.of("channel", "template"));
    return params;
  }
}
