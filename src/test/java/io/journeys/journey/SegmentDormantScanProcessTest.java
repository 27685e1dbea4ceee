package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bpmn/segment-dormant-scan.bpmn}: the nightly timer starts one scan, which runs a job per
 * batch until the scan task says it was the last; the class fails below 100 % coverage. The scan
 * itself is {@code io.journeys.segment.DormantSegmentTest}.
 */
@Deployment(resources = "bpmn/segment-dormant-scan.bpmn")
class SegmentDormantScanProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder()
          .configurationResource(JourneyTestDoubles.ENGINE_CONFIG)
          .assertClassCoverageAtLeast(1.0)
          .build();

  static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");

  ProcessEngine processEngine;
  final BatchesOf scan = new BatchesOf(3);

  /** 03:00 (server time) after {@link #NOW}, when the deployed timer first fires. */
  final ZonedDateTime firstNight = nextThreeOClock(NOW.atZone(ZoneId.systemDefault()));

  static ZonedDateTime nextThreeOClock(ZonedDateTime after) {
    ZonedDateTime sameDay = after.toLocalDate().atTime(3, 0).atZone(after.getZone());
    return sameDay.isAfter(after) ? sameDay : sameDay.plusDays(1);
  }

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(processEngine);
    ClockUtil.setCurrentTime(Date.from(NOW));
    Mocks.register("dormantSegmentScan", scan);
  }

  @AfterEach
  void tearDown() {
    BpmnAwareTests.reset();
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  void theNightlyTimerRunsOneJobPerBatchUntilTheLastOne() {
    ProcessInstance pi = startedByTheNightlyTimer();

    for (int batch = 1; batch <= 3; batch++) {
      assertThat(pi).isWaitingAt("Task_ScanDormantSegment");
      management().executeJob(jobOf(pi).getId());
    }

    assertThat(pi).isEnded().hasPassed("EndEvent_ScanDone");
    assertThat(scan.cursors).containsExactly(null, "c-1", "c-2");
    assertThat(
            management()
                .createJobQuery()
                .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
                .timers()
                .singleResult()
                .getDuedate())
        .as("the next night's scan is already planned")
        .isEqualTo(Date.from(firstNight.plus(java.time.Duration.ofDays(1)).toInstant()));
  }

  @Test
  void aFailingBatchIsRetriedWithItsCursorAndThenRaisesAnIncident() {
    ProcessInstance pi = startedByTheNightlyTimer();
    management().executeJob(jobOf(pi).getId());
    scan.failure = new IllegalStateException("database gone");

    for (int attempt = 1; attempt <= 3; attempt++) {
      Job job = jobOf(pi);
      ClockUtil.setCurrentTime(
          job.getDuedate() == null ? ClockUtil.getCurrentTime() : job.getDuedate());
      assertThatThrownBy(() -> management().executeJob(job.getId()))
          .hasMessageContaining("database gone");
    }

    assertThat(jobOf(pi).getRetries()).isZero();
    assertThat(
            processEngine
                .getRuntimeService()
                .createIncidentQuery()
                .processInstanceId(pi.getId())
                .activityId("Task_ScanDormantSegment")
                .count())
        .isOne();
    assertThat(scan.cursors).containsExactly(null, "c-1", "c-1", "c-1");
  }

  private ProcessInstance startedByTheNightlyTimer() {
    Job timer =
        management()
            .createJobQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
            .timers()
            .singleResult();
    assertThat(timer).as("nightly timer of the scan").isNotNull();
    assertThat(timer.getDuedate()).isEqualTo(Date.from(firstNight.toInstant()));
    ClockUtil.setCurrentTime(timer.getDuedate());
    management().executeJob(timer.getId());
    return processEngine
        .getRuntimeService()
        .createProcessInstanceQuery()
        .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
        .singleResult();
  }

  private Job jobOf(ProcessInstance pi) {
    return management().createJobQuery().processInstanceId(pi.getId()).singleResult();
  }

  private ManagementService management() {
    return processEngine.getManagementService();
  }

  /** Stands in for {@code dormantSegmentScan}: {@code total} batches of one contact each. */
  static final class BatchesOf implements JavaDelegate {

    final List<String> cursors = new ArrayList<>();
    private final int total;
    RuntimeException failure;

    BatchesOf(int total) {
      this.total = total;
    }

    @Override
    public void execute(DelegateExecution execution) {
      String cursor = (String) execution.getVariable(JourneyConstants.VAR_SCAN_CURSOR);
      cursors.add(cursor);
      if (failure != null) {
        throw failure;
      }
      int batch = cursors.size();
      execution.setVariable(JourneyConstants.VAR_SCAN_CURSOR, "c-" + batch);
      execution.setVariable(JourneyConstants.VAR_SCAN_DONE, batch >= total);
    }
  }
}
