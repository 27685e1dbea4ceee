package io.journeys.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.journeys.channel.RecordingSendPath;
import io.journeys.journey.JourneyConstants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
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
 * {@code bpmn/broadcast.bpmn} with {@code bpmn/broadcast-delivery.bpmn}: batches wait for their
 * start, then start one delivery per recipient, which waits for its own send time; every channel
 * takes its task, and a cancellation ends the batches and deliveries still waiting. The engine
 * clock moves; due jobs (also the sends' dispatch jobs of the real send path) are executed by the
 * test. The class fails below 100 % flow-node coverage of both models.
 */
@Deployment(resources = {"bpmn/broadcast.bpmn", "bpmn/broadcast-delivery.bpmn"})
class BroadcastProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder()
          .configurationResource("camunda-process-test.cfg.xml")
          .assertClassCoverageAtLeast(1.0)
          .build();

  static final Instant T0 = Instant.parse("2026-10-01T02:00:00Z"); // 10月1日10:00 in Shanghai

  ProcessEngine processEngine;
  final FakePlan plan = new FakePlan();
  RecordingSendPath channel;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(processEngine);
    ClockUtil.setCurrentTime(Date.from(T0.minus(Duration.ofDays(1))));
    Mocks.register("broadcastPlan", plan);
    Mocks.register("broadcastDeliveries", new BroadcastDeliveriesDelegate(plan));
    channel = RecordingSendPath.of(processEngine);
    channel.reset();
    Mocks.register("sendMessageDelegate", channel.delegate());
  }

  @AfterEach
  void tearDown() {
    BpmnAwareTests.reset();
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  void eachBatchWaitsForItsDayAndEachRecipientForItsOwnTime() {
    plan.add("b-1", 0, "c-a", T0);
    plan.add("b-1", 0, "c-b", T0.plus(Duration.ofHours(3))); // a contact 3 hours west
    plan.add("b-1", 1, "c-c", T0.plus(Duration.ofDays(1)));
    plan.add("b-1", 1, "c-d", T0.plus(Duration.ofDays(1)));
    ProcessInstance pi = start("b-1", "email");

    assertThat(pi).isWaitingAt("Event_BatchDue");
    assertThat(timerDueDates())
        .containsExactlyInAnyOrder(Date.from(T0), Date.from(T0.plus(Duration.ofDays(1))));

    runUntil(T0.minusSeconds(1));
    assertThat(sent()).isEmpty();
    runUntil(T0);
    assertThat(sent()).containsExactly("email c-a broadcast-new-arrival");
    runUntil(T0.plus(Duration.ofHours(3)));
    assertThat(sent())
        .containsExactly("email c-a broadcast-new-arrival", "email c-b broadcast-new-arrival");
    assertThat(pi).isNotEnded();
    runUntil(T0.plus(Duration.ofDays(1)));

    assertThat(sent())
        .hasSize(4)
        .contains("email c-c broadcast-new-arrival", "email c-d broadcast-new-arrival");
    assertThat(pi).isEnded().hasPassed("EndEvent_BatchesStarted");
    assertThat(
            processEngine
                .getHistoryService()
                .createHistoricProcessInstanceQuery()
                .processDefinitionKey(JourneyConstants.PROCESS_BROADCAST_DELIVERY)
                .variableValueEquals(JourneyConstants.VAR_BROADCAST_ID, "b-1")
                .completed()
                .count())
        .isEqualTo(4);
    assertThat(
            processEngine
                .getHistoryService()
                .createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey("c-b")
                .singleResult()
                .getProcessDefinitionKey())
        .as("a delivery's business key is its contact")
        .isEqualTo("broadcast-delivery");
  }

  @Test
  void everyChannelHasItsTask() {
    for (String ch : List.of("sms", "wecom", "push")) {
      plan.add("b-" + ch, 0, "c-" + ch, T0);
      start("b-" + ch, ch);
    }
    runUntil(T0);

    assertThat(sent())
        .containsExactlyInAnyOrder(
            "sms c-sms broadcast-new-arrival",
            "wecom c-wecom broadcast-new-arrival",
            "push c-push broadcast-new-arrival");
    assertThat(
            processEngine
                .getHistoryService()
                .createHistoricActivityInstanceQuery()
                .activityId("Task_SendBroadcastSms")
                .count())
        .isOne();
  }

  @Test
  void cancellingEndsTheWaitingBatchesAndDeliveries() {
    plan.add("b-2", 0, "c-a", T0);
    plan.add("b-2", 0, "c-b", T0.plus(Duration.ofHours(3)));
    plan.add("b-2", 1, "c-c", T0.plus(Duration.ofDays(1)));
    ProcessInstance pi = start("b-2", "email");
    runUntil(T0);
    assertThat(sent()).containsExactly("email c-a broadcast-new-arrival");

    assertThat(
            processEngine
                .getRuntimeService()
                .createProcessInstanceQuery()
                .processInstanceBusinessKey("c-b")
                .singleResult())
        .as("c-b waits for 13:00")
        .isNotNull();

    processEngine
        .getRuntimeService()
        .createMessageCorrelation(JourneyConstants.MSG_BROADCAST_CANCELLED)
        .processInstanceVariableEquals(JourneyConstants.VAR_BROADCAST_ID, "b-2")
        .correlateAllWithResult();

    assertThat(pi).isEnded().hasPassed("EndEvent_BroadcastCancelled");
    assertThat(
            processEngine
                .getHistoryService()
                .createHistoricActivityInstanceQuery()
                .activityId("EndEvent_DeliveryCancelled")
                .count())
        .isOne();
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().count()).isZero();
    assertThat(processEngine.getManagementService().createJobQuery().count()).isZero();
    runUntil(T0.plus(Duration.ofDays(2)));
    assertThat(sent()).containsExactly("email c-a broadcast-new-arrival");
  }

  private ProcessInstance start(String broadcastId, String ch) {
    return processEngine
        .getRuntimeService()
        .startProcessInstanceByKey(
            JourneyConstants.PROCESS_BROADCAST,
            broadcastId,
            Map.of(
                JourneyConstants.VAR_BROADCAST_ID,
                broadcastId,
                "channel",
                ch,
                "template",
                "broadcast-new-arrival"));
  }

  private List<Date> timerDueDates() {
    return processEngine.getManagementService().createJobQuery().timers().list().stream()
        .map(Job::getDuedate)
        .toList();
  }

  /** Moves the clock to {@code until} and executes every job due by then, new ones included. */
  private void runUntil(Instant until) {
    ClockUtil.setCurrentTime(Date.from(until));
    while (true) {
      List<Job> due = processEngine.getManagementService().createJobQuery().executable().list();
      if (due.isEmpty()) {
        return;
      }
      due.forEach(job -> processEngine.getManagementService().executeJob(job.getId()));
    }
  }

  /** Stands in for {@code broadcastPlan}: recipients, batches and send times per broadcast. */
  public static class FakePlan implements BroadcastRecipients {

    record Slot(int batch, String contactId, Instant sendAt) {}

    final Map<String, List<Slot>> slots = new LinkedHashMap<>();

    void add(String broadcastId, int batch, String contactId, Instant sendAt) {
      slots
          .computeIfAbsent(broadcastId, k -> new ArrayList<>())
          .add(new Slot(batch, contactId, sendAt));
    }

    public List<Integer> batches(String broadcastId) {
      return slots.get(broadcastId).stream().map(Slot::batch).distinct().toList();
    }

    public Date batchStartsAt(String broadcastId, int batch) {
      return Date.from(
          slots.get(broadcastId).stream()
              .filter(s -> s.batch() == batch)
              .map(Slot::sendAt)
              .min(Instant::compareTo)
              .orElseThrow());
    }

    @Override
    public List<String> recipients(String broadcastId, int batch) {
      return slots.get(broadcastId).stream()
          .filter(s -> s.batch() == batch)
          .map(Slot::contactId)
          .toList();
    }

    @Override
    public Date sendAt(String broadcastId, String contactId) {
      return Date.from(
          slots.get(broadcastId).stream()
              .filter(s -> s.contactId().equals(contactId))
              .findFirst()
              .orElseThrow()
              .sendAt());
    }
  }

  /** What the real send path delivered, as "channel contact template". */
  private List<String> sent() {
    return channel.sent().stream()
        .map(s -> s.channel() + " " + s.contactId() + " " + s.template())
        .toList();
  }
}
