package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.journey.RunningInstances.Running;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The correlator's own read of the engine's running process instances agrees with the engine's
 * query.
 */
class RunningInstancesTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder()
          .configurationResource(JourneyTestDoubles.ENGINE_CONFIG)
          .build();

  ProcessEngine processEngine;
  RuntimeService runtime;
  RepositoryService repository;
  RunningInstances instances;
  List<String> deployments = new ArrayList<>();

  @BeforeEach
  void setUp() {
    runtime = processEngine.getRuntimeService();
    repository = processEngine.getRepositoryService();
    instances = new RunningInstances(JourneyTestDoubles.jdbc(processEngine));
    // two parallel branches: child executions carry no business key of their own but must not count
    deploy(
        Bpmn.createExecutableProcess("test-parallel")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .parallelGateway("Fork")
            .userTask("Task_A")
            .endEvent()
            .moveToNode("Fork")
            .userTask("Task_B")
            .endEvent()
            .done());
  }

  @AfterEach
  void tearDown() {
    deployments.forEach(id -> repository.deleteDeployment(id, true));
  }

  @Test
  void aTablePrefixNamesTheEngineSchemaAndNothingElseIsAccepted() {
    ProcessInstance a = runtime.startProcessInstanceByKey("test-parallel", "c-prefix");
    RunningInstances inSchema =
        new RunningInstances(JourneyTestDoubles.jdbc(processEngine), "PUBLIC.");

    assertThat(inSchema.ofContact("c-prefix"))
        .containsExactly(new Running(a.getId(), a.getProcessDefinitionId()));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new RunningInstances(
                    JourneyTestDoubles.jdbc(processEngine), "x; drop table y; --"));
  }

  @Test
  void theInstancesOfAContactAreItsProcessInstancesOnly() {
    ProcessInstance a = runtime.startProcessInstanceByKey("test-parallel", "c-1");
    ProcessInstance b = runtime.startProcessInstanceByKey("test-parallel", "c-1");
    runtime.startProcessInstanceByKey("test-parallel", "c-2");
    runtime.suspendProcessInstanceById(b.getId());

    assertThat(instances.ofContact("c-1"))
        .containsExactlyInAnyOrder(
            new Running(a.getId(), a.getProcessDefinitionId()),
            new Running(
                b.getId(),
                b.getProcessDefinitionId(),
                true)); // suspended: the correlator hands its events to the gate
    assertThat(instances.ofContact("c-1"))
        .hasSize(
            (int) runtime.createProcessInstanceQuery().processInstanceBusinessKey("c-1").count());
    assertThat(instances.ofContact("c-3")).isEmpty();
  }

  @Test
  void anInstanceByIdIsFoundWhileItRuns() {
    ProcessInstance a = runtime.startProcessInstanceByKey("test-parallel", "c-1");
    String child =
        runtime
            .createExecutionQuery()
            .processInstanceId(a.getId())
            .activityId("Task_A")
            .singleResult()
            .getId();

    assertThat(instances.withId(a.getId()))
        .containsExactly(new Running(a.getId(), a.getProcessDefinitionId()));
    assertThat(instances.withId(child)).as("an execution that is no process instance").isEmpty();

    runtime.deleteProcessInstance(a.getId(), "test");
    assertThat(instances.withId(a.getId())).isEmpty();
  }

  private void deploy(BpmnModelInstance model) {
    deployments.add(
        repository
            .createDeployment()
            .addModelInstance("test-parallel.bpmn", model)
            .deploy()
            .getId());
  }
}
