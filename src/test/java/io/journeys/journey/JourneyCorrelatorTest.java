package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.channel.RecordingSendPath;
import io.journeys.event.EventTypes;
import io.journeys.event.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How stored events start journeys and reach waiting instances. */
@Deployment(resources = "bpmn/lead-nurturing.bpmn")
class JourneyCorrelatorTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder()
          .configurationResource(JourneyTestDoubles.ENGINE_CONFIG)
          .build();

  ProcessEngine processEngine;
  RuntimeService runtime;
  RepositoryService repository;
  RecordingSendPath channel;
  JourneyTestDoubles.RecordingRetries retries = new JourneyTestDoubles.RecordingRetries();
  JourneyCorrelator correlator;
  JourneyDriver driver;
  List<String> deployments = new ArrayList<>();
  List<String> entries = new ArrayList<>();
  java.util.Set<String> refused = new java.util.HashSet<>();

  @BeforeEach
  void setUp() {
    runtime = processEngine.getRuntimeService();
    repository = processEngine.getRepositoryService();
    channel = JourneyDriver.sendPath(processEngine);
    Mocks.register("salesTaskListener", (org.camunda.bpm.engine.delegate.TaskListener) task -> {});
    correlator =
        new JourneyCorrelator(
            runtime,
            repository,
            channel.lookup(),
            retries,
            (contactId, processKey, now) -> {
              entries.add(contactId + "/" + processKey + "@" + now);
              return !refused.contains(contactId);
            },
            JourneyTestDoubles.jdbc(processEngine));
    driver = new JourneyDriver(processEngine, correlator);
  }

  @AfterEach
  void tearDown() {
    deployments.forEach(id -> repository.deleteDeployment(id, true));
    Mocks.reset();
  }

  @Test
  void aStartMessageStartsTheJourneyForTheContactWithItsVariables() {
    correlator.on(
        event(
            "e-1", EventTypes.FORM_SUBMITTED, "c-1", Map.of("formId", "f-9", "source", "webinar")));

    ProcessInstance pi = runtime.createProcessInstanceQuery().singleResult();
    assertThat(pi.getBusinessKey()).isEqualTo("c-1");
    assertThat(runtime.getVariables(pi.getId()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "contactId",
                "c-1",
                "triggerEventId",
                "e-1",
                "source",
                "webinar",
                "nurtureReturns", // set by lead-nurturing's start listener
                0L));
  }

  @Test
  void theFormIdIsTheSourceWhenTheEventNamesNone() {
    correlator.on(event("e-1", EventTypes.FORM_SUBMITTED, "c-1", Map.of("formId", "f-9")));

    assertThat(runtime.getVariables(runtime.createProcessInstanceQuery().singleResult().getId()))
        .containsEntry("source", "f-9");
  }

  @Test
  void aContactWithARunningInstanceIsNotStartedTwiceButIsAgainOnceItEnded() {
    correlator.on(event("e-1", EventTypes.FORM_SUBMITTED, "c-1", Map.of()));
    correlator.on(event("e-2", EventTypes.FORM_SUBMITTED, "c-1", Map.of()));
    correlator.on(event("e-3", EventTypes.FORM_SUBMITTED, "c-2", Map.of()));

    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey("c-1").count())
        .isEqualTo(1);
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey("c-2").count())
        .isEqualTo(1);

    runtime.deleteProcessInstance(
        runtime
            .createProcessInstanceQuery()
            .processInstanceBusinessKey("c-1")
            .singleResult()
            .getId(),
        "test");
    correlator.on(event("e-4", EventTypes.FORM_SUBMITTED, "c-1", Map.of()));
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey("c-1").count())
        .isEqualTo(1);
  }

  @Test
  void theReentryRuleIsAskedOnlyForARealStartAndARefusalStartsNothingAndIsNoError() {
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(
        java.util.Date.from(Instant.parse("2026-11-23T09:30:00Z")));
    try {
      refused.add("c-2");
      correlator.on(event("e-1", EventTypes.FORM_SUBMITTED, "c-1", Map.of()));
      correlator.on(event("e-2", EventTypes.FORM_SUBMITTED, "c-1", Map.of())); // already running
      correlator.on(event("e-3", EventTypes.FORM_SUBMITTED, "c-2", Map.of())); // refused

      assertThat(entries)
          .as("asked once per start, with the engine's clock")
          .containsExactly(
              "c-1/lead-nurturing@2026-11-23T09:30:00Z", "c-2/lead-nurturing@2026-11-23T09:30:00Z");
      assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey("c-1").count())
          .isOne();
      assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey("c-2").count())
          .isZero();
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
  }

  @Test
  void opensAndClicksGoOnlyToTheInstanceThatSentTheMessage() {
    ProcessInstance first = waitingForEngagement("c-1");
    String firstMessage = channel.last().messageId();
    ProcessInstance second = waitingForEngagement("c-1");

    correlator.on(event("e-9", EventTypes.EMAIL_OPENED, "c-1", Map.of("messageId", firstMessage)));

    assertThat(activities(first)).containsExactly("Gateway_LetterOpened");
    assertThat(activities(second)).containsExactly("Gateway_LetterReaction");
  }

  /** Finding 12: an open or click names a message of its own contact, or it routes nowhere. */
  @Test
  void anOpenOfAnotherContactsMessageReachesNoInstance() {
    ProcessInstance pi = waitingForEngagement("c-1");
    String message = channel.last().messageId();

    correlator.on(event("e-10", EventTypes.EMAIL_OPENED, "c-2", Map.of("messageId", message)));

    assertThat(activities(pi)).containsExactly("Gateway_LetterReaction");
  }

  @Test
  void opensOfUnknownMessagesOrWithoutMessageIdReachNoInstance() {
    ProcessInstance pi = waitingForEngagement("c-1");

    correlator.on(event("e-8", EventTypes.EMAIL_CLICKED, "c-1", Map.of("messageId", "unknown")));
    correlator.on(event("e-9", EventTypes.EMAIL_OPENED, "c-1", Map.of()));

    assertThat(activities(pi)).containsExactly("Gateway_LetterReaction");
  }

  @Test
  void otherEventsReachEveryWaitingInstanceOfTheContactAndNoOther() {
    deploy(
        Bpmn.createExecutableProcess("test-wait-for-order")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .intermediateCatchEvent("Event_OrderPlaced")
            .message(EventTypes.ORDER_PLACED)
            .userTask("Task_AfterOrder")
            .endEvent()
            .done());
    ProcessInstance a = runtime.startProcessInstanceByKey("test-wait-for-order", "c-1");
    ProcessInstance b = runtime.startProcessInstanceByKey("test-wait-for-order", "c-1");
    ProcessInstance other = runtime.startProcessInstanceByKey("test-wait-for-order", "c-2");

    correlator.on(event("e-1", EventTypes.ORDER_PLACED, "c-1", Map.of("orderId", "o-1")));

    assertThat(activities(a)).containsExactly("Task_AfterOrder");
    assertThat(activities(b)).containsExactly("Task_AfterOrder");
    assertThat(activities(other)).containsExactly("Event_OrderPlaced");
  }

  @Test
  void aMessageThatStartsOneJourneyStillReachesAnotherJourneyWaitingForIt() {
    deploy(
        Bpmn.createExecutableProcess("test-vip")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .message("custom.vip")
            .userTask("Task_Welcome")
            .endEvent()
            .done());
    deploy(
        Bpmn.createExecutableProcess("test-wait-for-vip")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .intermediateCatchEvent("Event_Vip")
            .message("custom.vip")
            .userTask("Task_AfterVip")
            .endEvent()
            .done());
    ProcessInstance waiting = runtime.startProcessInstanceByKey("test-wait-for-vip", "c-1");

    correlator.on(event("e-1", "custom.vip", "c-1", Map.of()));

    assertThat(activities(waiting)).containsExactly("Task_AfterVip");
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .processDefinitionKey("test-vip")
                .processInstanceBusinessKey("c-1")
                .count())
        .isOne();
  }

  @Test
  void correlatingByContactReachesEachWaitingExecutionOfItsInstancesAndCountsThem() {
    deploy(
        Bpmn.createExecutableProcess("test-wait-for-order")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .intermediateCatchEvent("Event_OrderPlaced")
            .message(EventTypes.ORDER_PLACED)
            .userTask("Task_AfterOrder")
            .endEvent()
            .done());
    ProcessInstance a = runtime.startProcessInstanceByKey("test-wait-for-order", "c-1");
    ProcessInstance b = runtime.startProcessInstanceByKey("test-wait-for-order", "c-1");
    ProcessInstance busy = waitingForEngagement("c-1"); // waits, but not for an order
    ProcessInstance other = runtime.startProcessInstanceByKey("test-wait-for-order", "c-2");

    assertThat(correlator.correlateWaiting(EventTypes.ORDER_PLACED, "c-1", null)).isEqualTo(2);
    assertThat(correlator.correlateWaiting(EventTypes.ORDER_PLACED, "c-1", null))
        .as("nothing waits any more")
        .isZero();
    assertThat(correlator.correlateWaiting(EventTypes.ORDER_PLACED, "c-3", null))
        .as("no instance")
        .isZero();

    assertThat(activities(a)).containsExactly("Task_AfterOrder");
    assertThat(activities(b)).containsExactly("Task_AfterOrder");
    assertThat(activities(busy)).containsExactly("Gateway_LetterReaction");
    assertThat(activities(other)).containsExactly("Event_OrderPlaced");
  }

  /** A retry aimed at a paused (suspended) instance must outlast the pause (CorrelationRetrier). */
  @Test
  void aSuspendedInstanceThatAwaitsTheMessageIsReportedForRetries() {
    deploy(
        Bpmn.createExecutableProcess("test-wait-for-order")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .intermediateCatchEvent("Event_OrderPlaced")
            .message(EventTypes.ORDER_PLACED)
            .userTask("Task_AfterOrder")
            .endEvent()
            .done());
    ProcessInstance paused = runtime.startProcessInstanceByKey("test-wait-for-order", "c-1");
    runtime.suspendProcessInstanceById(paused.getId());

    assertThat(correlator.awaitedBySuspended(EventTypes.ORDER_PLACED, "c-1", null)).isTrue();
    assertThat(correlator.awaitedBySuspended(EventTypes.ORDER_PLACED, null, paused.getId()))
        .isTrue();
    assertThat(correlator.awaitedBySuspended(EventTypes.LOGIN, "c-1", null))
        .as("not a message it waits for")
        .isFalse();
    assertThat(correlator.correlateWaiting(EventTypes.ORDER_PLACED, "c-1", null))
        .as("the engine delivers nothing to a suspended instance")
        .isZero();

    runtime.activateProcessInstanceById(paused.getId());
    assertThat(correlator.awaitedBySuspended(EventTypes.ORDER_PLACED, "c-1", null)).isFalse();
    assertThat(correlator.correlateWaiting(EventTypes.ORDER_PLACED, "c-1", null)).isOne();
  }

  @Test
  void anEventNothingWaitsForIsFine() {
    correlator.on(
        event("e-1", EventTypes.PAGE_VIEWED, "c-1", Map.of("url", "https://shop.example.com")));

    assertThat(runtime.createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void correlatingToWaitingInstancesNeverStartsASecondInstanceOfAJourney() {
    deploy(
        Bpmn.createExecutableProcess("test-vip")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .message("custom.vip")
            .userTask("Task_Welcome")
            .endEvent()
            .done());

    correlator.on(event("e-1", "custom.vip", "c-1", Map.of()));
    correlator.on(event("e-2", "custom.vip", "c-1", Map.of()));

    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("test-vip").count())
        .isEqualTo(1);
  }

  @Test
  void anOpenThatArrivesBeforeTheJourneyWaitsIsKeptAndReachesItLater() {
    ProcessInstance pi =
        runtime.startProcessInstanceByKey(
            JourneyConstants.PROCESS_LEAD_NURTURING, "c-1", Map.of("contactId", "c-1"));
    // the open arrives while the send job has not committed: the journey does not wait for it yet
    JourneyCorrelator early =
        new JourneyCorrelator(
            runtime,
            repository,
            id -> java.util.Optional.of(new MessageLookup.SentMessage(id, "c-1", pi.getId())),
            retries,
            JourneyTestDoubles.ALWAYS_ENTER,
            JourneyTestDoubles.jdbc(processEngine));
    early.on(event("e-7", EventTypes.EMAIL_OPENED, "c-1", Map.of("messageId", "m-early")));

    assertThat(retries.kept)
        .containsExactly(
            new JourneyTestDoubles.RecordingRetries.Kept(
                "e-7", EventTypes.EMAIL_OPENED, pi.getId()));
    assertThat(early.correlateWaiting(EventTypes.EMAIL_OPENED, "c-1", pi.getId())).isZero();

    driver.step(pi); // queued, not delivered: the journey waits at the send task
    assertThat(early.correlateWaiting(EventTypes.EMAIL_OPENED, "c-1", pi.getId())).isZero();
    driver.dispatch(pi);
    assertThat(early.correlateWaiting(EventTypes.EMAIL_OPENED, "c-1", pi.getId())).isOne();
    assertThat(activities(pi)).containsExactly("Gateway_LetterOpened");
  }

  @Test
  void eventsNoRunningJourneyCatchesAreNotKept() {
    ProcessInstance pi = waitingForEngagement("c-1");

    correlator.on(event("e-1", EventTypes.PAGE_VIEWED, "c-1", Map.of()));
    correlator.on(event("e-2", EventTypes.ORDER_PLACED, "c-2", Map.of()));

    assertThat(retries.kept).isEmpty();
    assertThat(activities(pi)).containsExactly("Gateway_LetterReaction");
  }

  private ProcessInstance waitingForEngagement(String contactId) {
    ProcessInstance pi =
        runtime.startProcessInstanceByKey(
            JourneyConstants.PROCESS_LEAD_NURTURING, contactId, Map.of("contactId", contactId));
    driver.send(pi);
    return pi;
  }

  private List<String> activities(ProcessInstance pi) {
    return runtime.getActiveActivityIds(pi.getId());
  }

  private void deploy(BpmnModelInstance model) {
    deployments.add(
        repository
            .createDeployment()
            .addModelInstance(
                model
                        .getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class)
                        .iterator()
                        .next()
                        .getId()
                    + ".bpmn",
                model)
            .deploy()
            .getId());
  }

  private static StoredEvent event(
      String id, String type, String contactId, Map<String, Object> properties) {
    return new StoredEvent(id, type, contactId, Instant.parse("2026-11-23T08:00:00Z"), properties);
  }
}
