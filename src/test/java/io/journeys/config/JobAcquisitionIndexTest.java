package io.journeys.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** The index for acquisition by due date, on the engine's own schema (H2 here). */
class JobAcquisitionIndexTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder()
          .configurationResource("camunda-process-test.cfg.xml")
          .build();

  ProcessEngine processEngine;
  List<String> deployments = new ArrayList<>();

  @AfterEach
  void tearDown() {
    deployments.forEach(id -> processEngine.getRepositoryService().deleteDeployment(id, true));
    jdbc().execute("drop index if exists " + JobAcquisitionIndex.INDEX);
  }

  @Test
  void onlyWithAcquisitionByDueDateTheIndexIsMadeAndEveryJobGetsADueDate() {
    deployments.add(
        processEngine
            .getRepositoryService()
            .createDeployment()
            .addModelInstance(
                "async.bpmn",
                Bpmn.createExecutableProcess("test-async")
                    .camundaHistoryTimeToLive(1)
                    .startEvent()
                    .camundaAsyncAfter()
                    .endEvent()
                    .done())
            .deploy()
            .getId());
    processEngine.getRuntimeService().startProcessInstanceByKey("test-async");
    assertThat(job().getDuedate()).as("the engine's default: no due date").isNull();

    new JobAcquisitionIndex(processEngine, jdbc(), "", false).afterSingletonsInstantiated();
    assertThat(indexes()).isZero();
    assertThat(job().getDuedate()).isNull();

    new JobAcquisitionIndex(processEngine, jdbc(), "", true).afterSingletonsInstantiated();
    assertThat(indexes()).isOne();
    assertThat(job().getDuedate()).as("acquisition by due date would never see it").isNotNull();

    // again at the next start: nothing to do, no failure
    new JobAcquisitionIndex(processEngine, jdbc(), "", true).afterSingletonsInstantiated();
    assertThat(indexes()).isOne();
  }

  private Job job() {
    return processEngine.getManagementService().createJobQuery().singleResult();
  }

  private long indexes() {
    Long count =
        jdbc()
            .queryForObject(
                "select count(*) from information_schema.indexes where index_name = ?",
                Long.class,
                JobAcquisitionIndex.INDEX.toUpperCase());
    return count == null ? 0 : count;
  }

  private JdbcTemplate jdbc() {
    return new JdbcTemplate(
        ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration())
            .getDataSource());
  }
}
