package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** When the correlator may skip correlating a message: only when no execution waits for it. */
class MessageWaitsTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder().configurationResource(JourneyTestDoubles.ENGINE_CONFIG).build();

  ProcessEngine processEngine;
  RuntimeService runtime;
  RepositoryService repository;
  MessageWaits waits;
  List<String> deployments = new ArrayList<>();

  @BeforeEach
  void setUp() {
    runtime = processEngine.getRuntimeService();
    repository = processEngine.getRepositoryService();
    waits = new MessageWaits(runtime);
  }

  @AfterEach
  void tearDown() {
    deployments.forEach(id -> repository.deleteDeployment(id, true));
  }

  @Test
  void nothingWaitsForAMessageNoModelNames() {
    assertThat(waits.anyExecutionWaitsFor("custom.unknown")).isFalse();
  }

  @Test
  void aMessageStartEventIsNoWaitingExecution() {
    deploy(startedBy("test-start-a", "custom.entered"));
    runtime.startProcessInstanceByKey("test-start-a", "c-1");

    assertThat(waits.anyExecutionWaitsFor("custom.entered")).isFalse();
  }

  @Test
  void anInstanceWaitingAtACatchEventWaits() {
    deploy(startedBy("test-start-a", "custom.claimed"));
    deploy(Bpmn.createExecutableProcess("test-catch").camundaHistoryTimeToLive(1)
        .startEvent().intermediateCatchEvent("Event_Claimed").message("custom.claimed")
        .endEvent().done());
    String pi = runtime.startProcessInstanceByKey("test-catch", "c-1").getId();

    assertThat(waits.anyExecutionWaitsFor("custom.claimed")).isTrue();
    assertThat(waits.anyExecutionWaitsFor("custom.other")).isFalse();

    runtime.deleteProcessInstance(pi, "test");
    assertThat(waits.anyExecutionWaitsFor("custom.claimed")).as("no longer, once it ended").isFalse();
  }

  @Test
  void anInstanceWithAMessageEventSubprocessWaits() {
    ProcessBuilder process = Bpmn.createExecutableProcess("test-subprocess").camundaHistoryTimeToLive(1);
    process.eventSubProcess().startEvent().message("custom.cancelled").endEvent();
    deploy(process.startEvent().userTask("Task_Work").endEvent().done());
    runtime.startProcessInstanceByKey("test-subprocess", "c-1");

    assertThat(waits.anyExecutionWaitsFor("custom.cancelled")).isTrue();
  }

  @Test
  void aFullPageOfStartSubscriptionsCountsAsWaitingRatherThanLookingFurther() {
    deploy(startedBy("test-start-a", "custom.entered"));

    assertThat(new MessageWaits(runtime, 1).anyExecutionWaitsFor("custom.entered")).isTrue();
    assertThat(new MessageWaits(runtime, 2).anyExecutionWaitsFor("custom.entered")).isFalse();
  }

  private static BpmnModelInstance startedBy(String key, String message) {
    return Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1)
        .startEvent().message(message).userTask("Task_Work").endEvent().done();
  }

  private void deploy(BpmnModelInstance model) {
    String key = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class)
        .iterator().next().getId();
    deployments.add(repository.createDeployment().addModelInstance(key + ".bpmn", model).deploy().getId());
  }
}
