package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import io.journeys.channel.RecordingSendPath;
import io.journeys.event.EventTypes;
import io.journeys.event.StoredEvent;
import io.journeys.journey.JourneyTestDoubles.InMemoryContacts;
import io.journeys.journey.JourneyTestDoubles.RecordingCrm;
import io.journeys.journey.JourneyTestDoubles.RecordingIntake;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every path of {@code bpmn/lead-nurturing.bpmn}; the class fails below 100 % coverage. */
@Deployment(resources = {"bpmn/lead-nurturing.bpmn", "forms/hand-to-sales.form"})
class LeadNurturingProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder()
          .configurationResource(JourneyTestDoubles.ENGINE_CONFIG)
          .assertClassCoverageAtLeast(1.0)
          .build();

  static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
  static final String CONTACT = "c-1001";

  ProcessEngine processEngine;
  RecordingSendPath channel;
  RecordingCrm crm = new RecordingCrm();
  RecordingIntake intake = new RecordingIntake();
  InMemoryContacts contacts =
      new InMemoryContacts().with(CONTACT, "Lei", "Li", "li.lei@example.com", 49);
  JourneyCorrelator correlator;
  JourneyDriver driver;

  /** Whether the lead is marketing-qualified when "Read contact" runs. */
  boolean qualified;

  @BeforeEach
  void registerDoubles() {
    channel = JourneyDriver.channel(processEngine, NOW).contacts(contacts);
    Mocks.register("syncToCrmDelegate", crm);
    // the scoring feature's "Read contact" task: score, MQL state, lifecycle stage and tags
    Mocks.register(
        "readContactDelegate",
        (JavaDelegate)
            execution -> {
              execution.setVariable("score", qualified ? 24 : 6);
              execution.setVariable("mql", qualified);
              execution.setVariable("lifecycleStage", "active");
              execution.setVariable(
                  "tags", Variables.objectValue(List.of("active"), true).create());
            });
    Mocks.register(
        "salesTaskListener",
        new SalesTaskListener(
            contacts,
            (contactId, limit) ->
                List.of(
                    new RecentActivity.Entry(EventTypes.EMAIL_OPENED, NOW.plusSeconds(60)),
                    new RecentActivity.Entry(EventTypes.FORM_SUBMITTED, NOW)),
            intake));
    correlator =
        new JourneyCorrelator(
            processEngine.getRuntimeService(),
            processEngine.getRepositoryService(),
            channel.lookup(),
            new JourneyTestDoubles.RecordingRetries(),
            JourneyTestDoubles.ALWAYS_ENTER,
            JourneyTestDoubles.jdbc(processEngine));
    driver = new JourneyDriver(processEngine, correlator);
  }

  @AfterEach
  void reset() {
    JourneyDriver.stop();
  }

  @Test
  void openedWelcomeEmailInvitesToA1on1AndHandsTheLeadToSales() {
    ProcessInstance pi = submitFormAndSendWelcome();

    correlator.on(
        event("e-2", EventTypes.EMAIL_OPENED, Map.of("messageId", channel.last().messageId())));

    inviteHandToSalesAndSync(pi);
    assertThat(pi)
        .hasPassed("Event_EmailOpened")
        .hasNotPassed("Event_EmailClicked", "Task_SendNurtureEmail1");
  }

  @Test
  void aClickOnTheSecondNurtureEmailHandsTheLeadToSales() {
    ProcessInstance pi = submitFormAndSendWelcome();
    nurtureEmail(pi, Duration.ofDays(3), "lead-nurture-guide");
    nurtureEmail(pi, Duration.ofDays(4), "lead-nurture-case-study");

    correlator.on(
        event(
            "e-2",
            EventTypes.EMAIL_CLICKED,
            Map.of(
                "messageId",
                channel.last().messageId(),
                "url",
                "https://shop.example.com/stories")));

    inviteHandToSalesAndSync(pi);
    assertThat(pi)
        .hasPassedInOrder(
            "Task_SendWelcomeEmail",
            "Task_SendNurtureEmail1",
            "Task_SendNurtureEmail2",
            "Event_EmailClicked",
            "Task_SendSalesInvite")
        .hasNotPassed("Task_SendNurtureEmail3", "Task_ReadContact");
  }

  @Test
  void theSalesTaskCannotBeCompletedWithoutAValidOutcome() {
    ProcessInstance pi = submitFormAndSendWelcome();
    correlator.on(
        event("e-2", EventTypes.EMAIL_OPENED, Map.of("messageId", channel.last().messageId())));
    driver.send(pi);
    Task task = task();

    assertThatThrownBy(() -> complete(task, withVariables("note", "no decision")))
        .hasMessageContaining("'outcome' must be one of");
    assertThatThrownBy(() -> complete(task, withVariables("outcome", "maybe")))
        .hasMessageContaining("'outcome' must be one of");

    assertThat(pi).isWaitingAt("Task_HandToSales");
    Assertions.assertThat(intake.events).isEmpty();
  }

  @Test
  void aLeadWithoutProfileIsShownByItsId() {
    contacts.contacts.clear();
    ProcessInstance pi = submitFormAndSendWelcome();

    correlator.on(
        event("e-2", EventTypes.EMAIL_CLICKED, Map.of("messageId", channel.last().messageId())));
    driver.send(pi);

    assertThat(pi).isWaitingAt("Task_HandToSales");
    Assertions.assertThat(processEngine.getTaskService().getVariablesLocal(task().getId()))
        .containsEntry("leadName", CONTACT)
        .containsEntry("leadEmail", "");
  }

  @Test
  void aLeadAlreadyQualifiedThatDidNotEngageWithTheSequenceGoesToSalesAllTheSame() {
    qualified = true;
    ProcessInstance pi = sequenceWithoutEngagement();

    assertThat(pi)
        .variables()
        .containsEntry("mql", true)
        .containsEntry("score", 24)
        .doesNotContainKey("tags");
    inviteHandToSalesAndSync(pi);
    assertThat(pi)
        .hasPassed("Gateway_AlreadyQualified")
        .hasNotPassed(
            "Task_SendEducationEmail",
            "Event_EmailOpened",
            "Event_EmailClicked",
            "Event_LeadQualified");
  }

  @Test
  void aLeadThatQualifiesDuringTheSequenceGoesToSalesAtOnce() {
    ProcessInstance pi = submitFormAndSendWelcome();
    nurtureEmail(pi, Duration.ofDays(3), "lead-nurture-guide");

    correlator.on(event("e-2", EventTypes.LEAD_QUALIFIED, Map.of("score", 24, "tableVersion", 1)));

    inviteHandToSalesAndSync(pi);
    assertThat(pi)
        .hasPassed("Event_LeadQualified")
        .hasNotPassed(
            "Task_SendNurtureEmail2",
            "Task_ReadContact",
            "Event_EmailOpened",
            "Event_EmailClicked");
  }

  @Test
  void aLeadThatQualifiesDuringTheEducationalCycleGoesToSales() {
    ProcessInstance pi = sequenceWithoutEngagement();
    educationalEmail(pi);

    correlator.on(event("e-2", EventTypes.LEAD_QUALIFIED, Map.of("score", 21, "tableVersion", 1)));

    inviteHandToSalesAndSync(pi);
    assertThat(pi)
        .hasPassed("Event_QualifiedWhileEducating")
        .hasNotPassed("EndEvent_LeadNotEngaged");
  }

  @Test
  void aColdLeadGetsThreeEducationalEmailsTwoWeeksApartAndEndsNotEngaged() {
    ProcessInstance pi = sequenceWithoutEngagement();
    assertThat(pi).variables().containsEntry("mql", false);

    for (int round = 1; round <= 3; round++) {
      educationalEmail(pi);
      driver.fireTimerAfter(pi, Duration.ofDays(14));
    }

    assertThat(pi).isEnded().hasPassed("EndEvent_LeadNotEngaged").hasNotPassed("Task_HandToSales");
    Assertions.assertThat(channel.sent())
        .extracting(RecordingSendPath.Sent::template)
        .containsExactly(
            "lead-welcome",
            "lead-nurture-guide",
            "lead-nurture-case-study",
            "lead-nurture-followup",
            "lead-education",
            "lead-education",
            "lead-education");
    Assertions.assertThat(crm.synced).isEmpty();
  }

  @Test
  void aClickOnAnEducationalEmailStillHandsTheLeadToSales() {
    ProcessInstance pi = sequenceWithoutEngagement();
    educationalEmail(pi);
    driver.fireTimerAfter(pi, Duration.ofDays(14));
    educationalEmail(pi);

    correlator.on(
        event("e-2", EventTypes.EMAIL_CLICKED, Map.of("messageId", channel.last().messageId())));

    inviteHandToSalesAndSync(pi);
    assertThat(pi).hasPassed("Event_EducationClicked").hasNotPassed("EndEvent_LeadNotEngaged");
  }

  @Test
  void unsubscribingDuringTheSequenceStopsTheJourney() {
    ProcessInstance pi = submitFormAndSendWelcome();
    nurtureEmail(pi, Duration.ofDays(3), "lead-nurture-guide");

    correlator.on(event("e-2", EventTypes.MESSAGE_UNSUBSCRIBED, Map.of("channel", "email")));

    assertThat(pi).isEnded().hasPassed("EndEvent_Unsubscribed").hasNotPassed("Task_HandToSales");
    Assertions.assertThat(processEngine.getManagementService().createJobQuery().count()).isZero();
    Assertions.assertThat(channel.sent()).hasSize(2);
  }

  @Test
  void unsubscribingDuringTheEducationalCycleStopsTheJourney() {
    ProcessInstance pi = sequenceWithoutEngagement();
    educationalEmail(pi);

    correlator.on(event("e-2", EventTypes.MESSAGE_UNSUBSCRIBED, Map.of("channel", "email")));

    assertThat(pi)
        .isEnded()
        .hasPassed("EndEvent_UnsubscribedWhileEducating")
        .hasNotPassed("EndEvent_LeadNotEngaged");
    Assertions.assertThat(processEngine.getManagementService().createJobQuery().count()).isZero();
  }

  @Test
  void aWelcomeEmailThatKeepsFailingBecomesAnIncidentAfterItsRetries() {
    ProcessInstance pi = startByForm();
    driver.step(pi);
    channel.refuseDeliveries("SMTP relay down");

    for (int attempt = 1; attempt <= 3; attempt++) {
      Job job = jobOf(pi);
      assertThatThrownBy(() -> processEngine.getManagementService().executeJob(job.getId()))
          .hasMessageContaining("SMTP relay down");
    }

    Job failed = jobOf(pi);
    Assertions.assertThat(failed.getRetries()).isZero();
    Assertions.assertThat(
            processEngine
                .getRuntimeService()
                .createIncidentQuery()
                .processInstanceId(pi.getId())
                .activityId("Task_SendWelcomeEmail")
                .count())
        .isEqualTo(1);
    assertThat(pi).isActive().isWaitingAt("Task_SendWelcomeEmail");
    Assertions.assertThat(channel.sent()).isEmpty();
  }

  @Test
  void aFailedSendIsRetriedFiveMinutesLater() {
    ProcessInstance pi = startByForm();
    driver.step(pi);
    channel.refuseDeliveries("SMTP relay down");

    assertThatThrownBy(() -> processEngine.getManagementService().executeJob(jobOf(pi).getId()))
        .hasMessageContaining("SMTP relay down");

    Job retry = jobOf(pi);
    Assertions.assertThat(retry.getRetries()).isEqualTo(2);
    Assertions.assertThat(retry.getDuedate()).isEqualTo(Date.from(NOW.plus(Duration.ofMinutes(5))));
    channel.refuseDeliveries(null);
    execute(retry);
    assertThat(pi).isWaitingAt("Event_NurtureWait1");
  }

  /** Welcome, the three nurture emails and the last wait pass without an open or a click. */
  private ProcessInstance sequenceWithoutEngagement() {
    ProcessInstance pi = submitFormAndSendWelcome();
    nurtureEmail(pi, Duration.ofDays(3), "lead-nurture-guide");
    nurtureEmail(pi, Duration.ofDays(4), "lead-nurture-case-study");
    nurtureEmail(pi, Duration.ofDays(5), "lead-nurture-followup");
    driver.fireTimerAfter(pi, Duration.ofDays(5));
    assertThat(pi).hasPassed("EndEvent_NurtureSequenceDone").isWaitingAt("Task_ReadContact");
    driver.executeAsyncJob(pi);
    return pi;
  }

  private void nurtureEmail(ProcessInstance pi, Duration after, String template) {
    driver.fireTimerAfter(pi, after);
    driver.send(pi);
    Assertions.assertThat(channel.last().template()).isEqualTo(template);
    Assertions.assertThat(channel.last().channel()).isEqualTo("email");
  }

  private void educationalEmail(ProcessInstance pi) {
    assertThat(pi).isWaitingAt("Task_SendEducationEmail");
    driver.send(pi);
    Assertions.assertThat(channel.last().template()).isEqualTo("lead-education");
    assertThat(pi).isWaitingAt("Event_EducationWait");
  }

  private ProcessInstance startByForm() {
    correlator.on(
        event(
            "e-1",
            EventTypes.FORM_SUBMITTED,
            Map.of("formId", "webinar-2026", "fields", Map.of("company", "ACME"))));
    ProcessInstance pi =
        processEngine
            .getRuntimeService()
            .createProcessInstanceQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_LEAD_NURTURING)
            .processInstanceBusinessKey(CONTACT)
            .singleResult();
    assertThat(pi)
        .isStarted()
        .isWaitingAt("Task_SendWelcomeEmail")
        .variables()
        .containsEntry("contactId", CONTACT)
        .containsEntry("triggerEventId", "e-1")
        .containsEntry("source", "webinar-2026");
    return pi;
  }

  private ProcessInstance submitFormAndSendWelcome() {
    ProcessInstance pi = startByForm();
    driver.send(pi);
    Assertions.assertThat(channel.sent()).hasSize(1);
    Assertions.assertThat(channel.last().channel()).isEqualTo("email");
    Assertions.assertThat(channel.last().template()).isEqualTo("lead-welcome");
    Assertions.assertThat(channel.last().contactId()).isEqualTo(CONTACT);
    assertThat(pi)
        .isWaitingAt("Event_NurtureWait1")
        .variables()
        .containsEntry("lastMessageId", channel.last().messageId());
    return pi;
  }

  private void inviteHandToSalesAndSync(ProcessInstance pi) {
    assertThat(pi).isWaitingAt("Task_SendSalesInvite");
    driver.send(pi);
    Assertions.assertThat(channel.last().template()).isEqualTo("lead-sales-invite");
    Assertions.assertThat(channel.last().channel()).isEqualTo("email");
    assertThat(pi).isWaitingAt("Task_HandToSales");
    Task task = task();
    assertThat(task).hasCandidateGroup("sales").hasName("Hand to sales");
    Task withForm =
        processEngine
            .getTaskService()
            .createTaskQuery()
            .taskId(task.getId())
            .initializeFormKeys()
            .singleResult();
    Assertions.assertThat(withForm.getCamundaFormRef().getKey()).isEqualTo("hand-to-sales");
    Assertions.assertThat(withForm.getCamundaFormRef().getBinding()).isEqualTo("deployment");
    Assertions.assertThat(processEngine.getTaskService().getVariablesLocal(task.getId()))
        .containsEntry("leadName", "Lei Li")
        .containsEntry("leadEmail", "li.lei@example.com")
        .containsEntry("source", "webinar-2026")
        .containsEntry(
            "recentActivity",
            "2026-11-23 08:01 UTC  email.opened\n2026-11-23 08:00 UTC  form.submitted");
    Assertions.assertThat(processEngine.getRuntimeService().getVariables(pi.getId()))
        .doesNotContainKeys("leadName", "leadEmail", "recentActivity");

    // finding 6: a rep who sets another contactId cannot point the journey at another contact
    complete(
        task,
        withVariables(
            "outcome", "qualified", "note", "Wants a demo next week", "contactId", "c-victim"));

    Assertions.assertThat(intake.events)
        .singleElement()
        .satisfies(
            recorded -> {
              Assertions.assertThat(recorded.id()).isEqualTo("sales-outcome-" + task.getId());
              Assertions.assertThat(recorded.type()).isEqualTo(EventTypes.SALES_OUTCOME);
              Assertions.assertThat(recorded.contactId()).isEqualTo(CONTACT);
              Assertions.assertThat(recorded.properties())
                  .containsExactlyInAnyOrderEntriesOf(
                      Map.of("outcome", "qualified", "note", "Wants a demo next week"));
            });
    assertThat(pi).isWaitingAt("Task_SyncToCrm");
    Assertions.assertThat(crm.synced).isEmpty();
    execute(job());
    Assertions.assertThat(crm.synced)
        .containsExactly(new RecordingCrm.Synced(CONTACT, "qualified"));
    assertThat(pi)
        .isEnded()
        .hasPassedInOrder(
            "Task_SendWelcomeEmail",
            "Task_SendSalesInvite",
            "Task_HandToSales",
            "Task_SyncToCrm",
            "EndEvent_LeadHandedOver");
  }

  private Job jobOf(ProcessInstance pi) {
    return processEngine
        .getManagementService()
        .createJobQuery()
        .processInstanceId(pi.getId())
        .singleResult();
  }

  static StoredEvent event(String id, String type, Map<String, Object> properties) {
    return new StoredEvent(id, type, CONTACT, ClockUtil.getCurrentTime().toInstant(), properties);
  }
}
