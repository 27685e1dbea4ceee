package io.journeys.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bpmn/manual-send.bpmn}: the task of a send step due in manual mode, for group marketing
 * with form {@code manual-send}; completing it hands its outcome to the listener. The class fails
 * below 100 % coverage. What the listener does is {@code ManualModeApiTest}.
 */
@Deployment(resources = {"bpmn/manual-send.bpmn", "forms/manual-send.form"})
class ManualSendProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder()
          .configurationResource("camunda-process-test.cfg.xml")
          .assertClassCoverageAtLeast(1.0)
          .build();

  ProcessEngine processEngine;
  final List<Object> outcomes = new ArrayList<>();

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(processEngine);
    Mocks.register(
        "manualSendListener",
        (TaskListener) task -> outcomes.add(task.getVariable(ManualTasks.OUTCOME)));
  }

  @AfterEach
  void tearDown() {
    BpmnAwareTests.reset();
    Mocks.reset();
  }

  @Test
  void theMarketerDecidesAndTheListenerGetsTheOutcome() {
    ProcessInstance pi =
        processEngine
            .getRuntimeService()
            .startProcessInstanceByKey(
                ManualTasks.PROCESS,
                "c-1",
                Map.of("journey", "cart-abandonment", "channel", "email", "recipient", "a@x.cn"));

    assertThat(pi).isWaitingAt("Task_SendByHand");
    Task task = processEngine.getTaskService().createTaskQuery().singleResult();
    assertThat(task).hasCandidateGroup("marketing");
    assertThat(
            processEngine
                .getFormService()
                .getTaskFormKey(task.getProcessDefinitionId(), task.getTaskDefinitionKey()))
        .isNull(); // a Camunda Form by formRef, not a form key
    processEngine.getTaskService().complete(task.getId(), Map.of("outcome", "skip"));

    assertThat(pi).isEnded().hasPassed("EndEvent_Decided");
    assertThat(outcomes).containsExactly("skip");
  }
}
