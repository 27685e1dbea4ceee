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
import io.journeys.event.IncomingEvent;
import io.journeys.event.StoredEvent;
import io.journeys.journey.JourneyTestDoubles.InMemoryContacts;
import io.journeys.journey.JourneyTestDoubles.RecordingCrm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * Every path of {@code bpmn/lead-nurturing.bpmn} against seed 001 (docs/seed-journeys.md): 一(一)
 * "用户通过官网[下载]行业报告时，工具自动触发'欢迎邮件+3天培育序列'(含案例分享、产品试用邀请)… 高互动用户推送销售顾问1v1沟通入口，低互动用户延长培育周期或补充科普内容，
 * 最终将成熟线索自动同步至CRM系统"; 二(三) "邮件模板选择'白皮书感谢信'，发送时间为'用户提交表单后10分钟内'" and "用户打开邮件且[点击]→推送产品试用;
 * 用户打开邮件未[点击]→推送案例; 用户未打开邮件→3天后重新发送"; 二(二) "CRM中销售跟进结果同步回工具". Each timer is asserted against its
 * seed line. The class fails below 100 % flow-node coverage.
 */
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
  static final Duration THREE_DAYS = Duration.ofDays(3);
  static final Duration ONE_DAY = Duration.ofHours(24);

  ProcessEngine processEngine;
  RecordingSendPath channel;
  RecordingCrm crm = new RecordingCrm();
  InMemoryContacts contacts =
      new InMemoryContacts().with(CONTACT, "Lei", "Li", "li.lei@example.com", 49);
  JourneyCorrelator correlator;
  JourneyDriver driver;
  SalesOutcomes salesOutcomes;

  /** What the "Hand to sales" listener recorded; each event also reaches {@link SalesOutcomes}. */
  List<IncomingEvent> recorded = new ArrayList<>();

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
              execution.setVariable("score", qualified ? 84 : 6);
              execution.setVariable("mql", qualified);
              execution.setVariable("lifecycleStage", "active");
              execution.setVariable(
                  "tags", Variables.objectValue(List.of("active"), true).create());
            });
    salesOutcomes = new SalesOutcomes(processEngine.getTaskService());
    Mocks.register(
        "salesTaskListener",
        new SalesTaskListener(
            contacts,
            (contactId, limit) ->
                List.of(
                    new RecentActivity.Entry(EventTypes.EMAIL_OPENED, NOW.plusSeconds(60)),
                    new RecentActivity.Entry(EventTypes.FORM_SUBMITTED, NOW)),
            // as the event intake: store, then publish to the listeners (SalesOutcomes among them)
            batch -> {
              recorded.addAll(batch);
              batch.forEach(
                  e ->
                      salesOutcomes.on(
                          new StoredEvent(
                              e.id(),
                              e.type(),
                              e.contactId(),
                              e.occurredAt().toInstant(),
                              e.properties())));
              return batch.size();
            }));
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

  // ---- 用户打开邮件且[点击] → 推送产品试用; 高互动 → 销售顾问1v1, CRM

  @Test
  void aClickOnTheLetterSendsTheTrialInvitationAndAClickOnThatHandsTheLeadToSales() {
    ProcessInstance pi = letterSent();

    click(); // seed 001: 用户打开邮件且点击 → 推送产品试用, at the click
    trialInvitationSent(pi);
    highInteractionHandsToSales(pi);
    qualifiedBySalesAndSynced(pi);
    assertThat(pi)
        .hasPassedInOrder(
            "Task_SendWelcomeEmail",
            "Event_LetterClicked",
            "Task_SendTrialInvite",
            "Event_TrialClicked",
            "EndEvent_HighInteraction",
            "Event_HighInteraction",
            "Task_SendSalesInvite",
            "Task_HandToSales",
            "Task_SyncToCrm",
            "EndEvent_LeadHandedOver")
        .hasNotPassed("Task_SendCaseStudy", "Task_ResendLetter", "Task_ReadContact");
  }

  @Test
  void anOpenThenAClickOnTheLetterSendsTheTrialInvitation() {
    ProcessInstance pi = letterSent();
    ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofHours(5))));

    open();
    assertThat(pi).isWaitingAt("Gateway_LetterOpened");
    ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofHours(9))));
    click();

    trialInvitationSent(pi);
    assertThat(pi).hasPassed("Event_LetterOpened", "Event_LetterClickedAfterOpen");
  }

  // ---- 用户打开邮件未[点击] → 推送案例

  @Test
  void anOpenWithoutClickSendsTheCaseStudyADayLaterAndItsClickTheTrialInvitation() {
    ProcessInstance pi = letterSent();
    ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofHours(2))));
    open();

    // seed 001: 用户打开邮件未点击 → 推送案例; "not clicked" is decided 1 day after the open
    driver.fireTimerAfter(pi, ONE_DAY);
    caseStudySent(pi, NOW.plus(Duration.ofHours(26)));

    click();
    trialInvitationSent(pi);
    assertThat(pi)
        .hasPassedInOrder("Event_LetterNoClick", "Task_SendCaseStudy", "Event_CaseStudyClicked")
        .hasNotPassed("Task_ResendLetter");
  }

  // ---- 用户未打开邮件 → 3天后重新发送

  @Test
  void anUnopenedLetterIsSentAgainThreeDaysLaterAndAClickOnItSendsTheTrialInvitation() {
    ProcessInstance pi = letterResent();

    click();
    trialInvitationSent(pi);
    assertThat(pi).hasPassed("Event_ResentClicked").hasNotPassed("Task_SendCaseStudy");
  }

  @Test
  void anOpenThenAClickOnTheResentLetterSendsTheTrialInvitation() {
    ProcessInstance pi = letterResent();

    open();
    click();

    trialInvitationSent(pi);
    assertThat(pi).hasPassed("Event_ResentOpened", "Event_ResentClickedAfterOpen");
  }

  @Test
  void aColdLeadGetsTheCaseStudyThenTheLongerEducationalCycleAndEndsNotEngaged() {
    ProcessInstance pi = letterResent();
    open();
    driver.fireTimerAfter(pi, ONE_DAY); // 打开邮件未点击 → 推送案例
    caseStudySent(pi, NOW.plus(THREE_DAYS).plus(ONE_DAY));

    // 低互动用户延长培育周期或补充科普内容: no click on the case study within 3 days
    driver.fireTimerAfter(pi, THREE_DAYS);
    notQualifiedGoesToEducation(pi);
    for (int round = 1; round <= 3; round++) {
      educationalEmail(pi);
      driver.fireTimerAfter(pi, Duration.ofDays(14));
    }

    assertThat(pi)
        .isEnded()
        .hasPassed("Event_ResentNoClick", "Event_CaseStudyIgnored", "EndEvent_NurtureSequenceDone")
        .hasPassed("EndEvent_LeadNotEngaged")
        .hasNotPassed("Task_HandToSales", "Task_SendTrialInvite");
    Assertions.assertThat(channel.sent())
        .extracting(RecordingSendPath.Sent::template)
        .containsExactly(
            "lead-whitepaper-thanks",
            "lead-whitepaper-thanks",
            "lead-nurture-case-study",
            "lead-education",
            "lead-education",
            "lead-education");
    Assertions.assertThat(crm.synced).isEmpty();
  }

  @Test
  void aLeadThatNeverOpensButIsQualifiedAlreadyGoesToSalesWithoutTheInvite() {
    qualified = true;
    ProcessInstance pi = letterResent();

    driver.fireTimerAfter(pi, THREE_DAYS); // 3 days after the resent letter, still not opened
    assertThat(pi).hasPassed("Event_ResentNotOpened").isWaitingAt("Task_ReadContact");
    driver.executeAsyncJob(pi);

    assertThat(pi)
        .variables()
        .containsEntry("mql", true)
        .containsEntry("score", 84)
        .doesNotContainKey("tags");
    assertThat(pi).isWaitingAt("Task_HandToSales").hasNotPassed("Task_SendSalesInvite");
    qualifiedBySalesAndSynced(pi);
  }

  @Test
  void aTrialInvitationWithoutClickForThreeDaysIsLowInteraction() {
    ProcessInstance pi = letterSent();
    click();
    trialInvitationSent(pi);

    driver.fireTimerAfter(pi, THREE_DAYS);

    notQualifiedGoesToEducation(pi);
    assertThat(pi).hasPassed("Event_TrialIgnored").hasNotPassed("Task_SendSalesInvite");
  }

  // ---- MQL (lead.qualified from lead scoring) → sales, from any waiting point

  @Test
  void aLeadThatQualifiesDuringTheSequenceGoesToSalesAtOnce() {
    ProcessInstance pi = letterSent();
    ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofHours(30))));

    correlator.on(event("e-2", EventTypes.LEAD_QUALIFIED, Map.of("score", 84, "tableVersion", 1)));

    assertThat(pi).isWaitingAt("Task_HandToSales");
    assertThat(pi)
        .hasPassed("Event_LeadQualified")
        .hasNotPassed("Task_SendSalesInvite", "Task_ReadContact", "Task_SendTrialInvite");
    Assertions.assertThat(processEngine.getManagementService().createJobQuery().timers().count())
        .as("the sequence's timers are gone")
        .isZero();
  }

  @Test
  void aLeadThatQualifiesDuringTheEducationalCycleGoesToSales() {
    ProcessInstance pi = toEducationWithoutEngagement();
    educationalEmail(pi);

    correlator.on(event("e-2", EventTypes.LEAD_QUALIFIED, Map.of("score", 81, "tableVersion", 1)));

    assertThat(pi).isWaitingAt("Task_HandToSales");
    assertThat(pi)
        .hasPassed("Event_QualifiedWhileEducating")
        .hasNotPassed("EndEvent_LeadNotEngaged");
  }

  @Test
  void aClickOnAnEducationalEmailHandsTheLeadToSales() {
    ProcessInstance pi = toEducationWithoutEngagement();
    educationalEmail(pi);
    driver.fireTimerAfter(pi, Duration.ofDays(14));
    educationalEmail(pi);

    click();

    assertThat(pi).isWaitingAt("Task_HandToSales");
    assertThat(pi).hasPassed("Event_EducationClicked").hasNotPassed("EndEvent_LeadNotEngaged");
  }

  // ---- the sales outcome: Tasklist form or sales.outcome from the CRM

  @Test
  void salesDisqualifiesTheLeadAndNothingGoesToTheCrm() {
    ProcessInstance pi = handedToSalesByQualification();

    complete(task(), withVariables("outcome", "disqualified", "note", "Student, no budget"));

    assertThat(pi).isEnded().hasPassed("EndEvent_Disqualified").hasNotPassed("Task_SyncToCrm");
    Assertions.assertThat(crm.synced).isEmpty();
    Assertions.assertThat(recorded)
        .singleElement()
        .satisfies(
            e ->
                Assertions.assertThat(e.properties())
                    .containsEntry("outcome", "disqualified")
                    .containsEntry("note", "Student, no budget"));
  }

  @Test
  void salesSendsTheLeadBackToNurturing() {
    ProcessInstance pi = handedToSalesByQualification();

    complete(task(), withVariables("outcome", "nurture"));

    assertThat(pi).hasPassed("Gateway_ToEducation").isWaitingAt("Task_SendEducationEmail");
    educationalEmail(pi);
    Assertions.assertThat(crm.synced).isEmpty();
  }

  /**
   * A lead back from sales goes through the educational cycle again. Its emails are messages of
   * their own: the send step's round (loopCounter, part of the idempotency key that is sent once)
   * goes on from 3, so the real channel does not take them for the first pass's emails.
   */
  @Test
  void aLeadSentBackToNurturingTwiceGetsTheEducationalEmailsAgainAsNewMessages() {
    ProcessInstance pi = toEducationWithoutEngagement();
    educationalEmail(pi);
    Assertions.assertThat(channel.last().variables()).containsEntry("loopCounter", 0L);
    click();
    complete(task(), withVariables("outcome", "nurture"));

    educationalEmail(pi);
    Assertions.assertThat(channel.last().variables()).containsEntry("loopCounter", 3L);
    driver.fireTimerAfter(pi, Duration.ofDays(14));
    educationalEmail(pi);
    Assertions.assertThat(channel.last().variables()).containsEntry("loopCounter", 4L);
    correlator.on(event("e-3", EventTypes.LEAD_QUALIFIED, Map.of("score", 90, "tableVersion", 2)));
    complete(task(), withVariables("outcome", "nurture"));

    educationalEmail(pi);
    Assertions.assertThat(channel.last().variables()).containsEntry("loopCounter", 6L);
    assertThat(pi).variables().containsEntry("nurtureReturns", 2L);
  }

  @Test
  void theCrmsOutcomeCompletesTheTaskDisqualifiedEndsWithoutCrmSync() {
    ProcessInstance pi = handedToSalesByQualification();
    Task task = task();

    salesOutcomes.on(
        event(
            "crm-77", EventTypes.SALES_OUTCOME, Map.of("outcome", "disqualified", "note", "dup")));

    assertThat(pi).isEnded().hasPassed("EndEvent_Disqualified");
    Assertions.assertThat(crm.synced).isEmpty();
    Assertions.assertThat(recorded).as("the CRM's event is the record; none added").isEmpty();
    Assertions.assertThat(
            processEngine
                .getHistoryService()
                .createHistoricVariableInstanceQuery()
                .taskIdIn(task.getId())
                .variableName("outcomeEventId")
                .singleResult()
                .getValue())
        .isEqualTo("crm-77");
  }

  @Test
  void theCrmsNurtureOutcomeReturnsTheLeadToNurturing() {
    ProcessInstance pi = handedToSalesByQualification();

    salesOutcomes.on(event("crm-78", EventTypes.SALES_OUTCOME, Map.of("outcome", "nurture")));

    assertThat(pi).isWaitingAt("Task_SendEducationEmail");
  }

  @Test
  void aCrmOutcomeThatIsNoneOfTheThreeOrOfAnotherContactMovesNothing() {
    ProcessInstance pi = handedToSalesByQualification();

    salesOutcomes.on(event("crm-79", EventTypes.SALES_OUTCOME, Map.of("outcome", "maybe")));
    salesOutcomes.on(event("crm-80", EventTypes.SALES_OUTCOME, Map.of()));
    salesOutcomes.on(
        new StoredEvent(
            "crm-81", EventTypes.SALES_OUTCOME, "c-other", NOW, Map.of("outcome", "qualified")));
    salesOutcomes.on(event("e-81", EventTypes.PAGE_VIEWED, Map.of("outcome", "qualified")));

    assertThat(pi).isWaitingAt("Task_HandToSales");
  }

  @Test
  void theSalesTaskCannotBeCompletedWithoutAValidOutcome() {
    ProcessInstance pi = handedToSalesByQualification();
    Task task = task();

    assertThatThrownBy(() -> complete(task, withVariables("note", "no decision")))
        .hasMessageContaining("'outcome' must be one of");
    assertThatThrownBy(() -> complete(task, withVariables("outcome", "maybe")))
        .hasMessageContaining("'outcome' must be one of");

    assertThat(pi).isWaitingAt("Task_HandToSales");
    Assertions.assertThat(recorded).isEmpty();
  }

  @Test
  void aLeadWithoutProfileIsShownByItsId() {
    contacts.contacts.clear();
    ProcessInstance pi = handedToSalesByQualification();

    assertThat(pi).isWaitingAt("Task_HandToSales");
    Assertions.assertThat(processEngine.getTaskService().getVariablesLocal(task().getId()))
        .containsEntry("leadName", CONTACT)
        .containsEntry("leadEmail", "");
  }

  // ---- unsubscribing, failures

  @Test
  void unsubscribingDuringTheSequenceStopsTheJourney() {
    ProcessInstance pi = letterSent();
    open();

    correlator.on(event("e-2", EventTypes.MESSAGE_UNSUBSCRIBED, Map.of("channel", "email")));

    assertThat(pi).isEnded().hasPassed("EndEvent_Unsubscribed").hasNotPassed("Task_HandToSales");
    Assertions.assertThat(processEngine.getManagementService().createJobQuery().count()).isZero();
    Assertions.assertThat(channel.sent()).hasSize(1);
  }

  @Test
  void unsubscribingDuringTheEducationalCycleStopsTheJourney() {
    ProcessInstance pi = toEducationWithoutEngagement();
    educationalEmail(pi);

    correlator.on(event("e-2", EventTypes.MESSAGE_UNSUBSCRIBED, Map.of("channel", "email")));

    assertThat(pi)
        .isEnded()
        .hasPassed("EndEvent_UnsubscribedWhileEducating")
        .hasNotPassed("EndEvent_LeadNotEngaged");
    Assertions.assertThat(processEngine.getManagementService().createJobQuery().count()).isZero();
  }

  @Test
  void aLetterThatKeepsFailingBecomesAnIncidentAfterItsRetries() {
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
  void aFailedSendIsRetriedFiveMinutesLaterWithinTheSeedsTenMinutes() {
    ProcessInstance pi = startByForm();
    driver.step(pi);
    channel.refuseDeliveries("SMTP relay down");

    assertThatThrownBy(() -> processEngine.getManagementService().executeJob(jobOf(pi).getId()))
        .hasMessageContaining("SMTP relay down");

    Job retry = jobOf(pi);
    Assertions.assertThat(retry.getRetries()).isEqualTo(2);
    Assertions.assertThat(retry.getDuedate()).isEqualTo(Date.from(NOW.plus(Duration.ofMinutes(5))));
    channel.refuseDeliveries(null);
    ClockUtil.setCurrentTime(retry.getDuedate());
    execute(retry);
    assertThat(pi).isWaitingAt("Gateway_LetterReaction");
  }

  // ---- steps

  private ProcessInstance startByForm() {
    correlator.on(
        event(
            "e-1",
            EventTypes.FORM_SUBMITTED,
            Map.of("formId", "whitepaper-2026", "fields", Map.of("company", "ACME"))));
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
        .containsEntry("source", "whitepaper-2026");
    return pi;
  }

  /**
   * Seed 001: "邮件模板选择'白皮书感谢信'，发送时间为'用户提交表单后10分钟内'": the letter's job is due at once (no timer
   * before it), and it goes out when the form is submitted.
   */
  private ProcessInstance letterSent() {
    ProcessInstance pi = startByForm();
    Job letter = job();
    Assertions.assertThat(letter.getDuedate() == null || !letter.getDuedate().after(Date.from(NOW)))
        .as("due at once, well within 10 minutes")
        .isTrue();
    driver.send(pi);
    Assertions.assertThat(channel.sent()).hasSize(1);
    Assertions.assertThat(channel.last().channel()).isEqualTo("email");
    Assertions.assertThat(channel.last().template()).isEqualTo("lead-whitepaper-thanks");
    Assertions.assertThat(channel.last().contactId()).isEqualTo(CONTACT);
    Assertions.assertThat(ClockUtil.getCurrentTime().toInstant()).isEqualTo(NOW);
    assertThat(pi)
        .isWaitingAt("Gateway_LetterReaction")
        .variables()
        .containsEntry("lastMessageId", channel.last().messageId());
    return pi;
  }

  /** Seed 001: "用户未打开邮件→3天后重新发送": the letter again, 3 days after it. */
  private ProcessInstance letterResent() {
    ProcessInstance pi = letterSent();
    driver.fireTimerAfter(pi, THREE_DAYS);
    assertThat(pi).hasPassed("Event_LetterNotOpened").isWaitingAt("Task_ResendLetter");
    driver.send(pi);
    Assertions.assertThat(channel.last().template()).isEqualTo("lead-whitepaper-thanks");
    Assertions.assertThat(channel.sent()).hasSize(2);
    Assertions.assertThat(ClockUtil.getCurrentTime().toInstant()).isEqualTo(NOW.plus(THREE_DAYS));
    assertThat(pi).isWaitingAt("Gateway_ResentReaction");
    return pi;
  }

  private void caseStudySent(ProcessInstance pi, Instant at) {
    assertThat(pi).isWaitingAt("Task_SendCaseStudy");
    driver.send(pi);
    Assertions.assertThat(channel.last().template()).isEqualTo("lead-nurture-case-study");
    Assertions.assertThat(ClockUtil.getCurrentTime().toInstant()).isEqualTo(at);
    assertThat(pi).isWaitingAt("Gateway_CaseStudyReaction");
  }

  private void trialInvitationSent(ProcessInstance pi) {
    assertThat(pi).isWaitingAt("Task_SendTrialInvite");
    driver.send(pi);
    Assertions.assertThat(channel.last().template()).isEqualTo("lead-trial-invite");
    Assertions.assertThat(channel.last().channel()).isEqualTo("email");
    assertThat(pi).isWaitingAt("Gateway_TrialReaction");
  }

  /** 高互动用户推送销售顾问1v1沟通入口: a click on the trial invitation. */
  private void highInteractionHandsToSales(ProcessInstance pi) {
    click();
    assertThat(pi).isWaitingAt("Task_SendSalesInvite");
    driver.send(pi);
    Assertions.assertThat(channel.last().template()).isEqualTo("lead-sales-invite");
    assertThat(pi).isWaitingAt("Task_HandToSales");
  }

  /** The lead qualifies during the sequence; used where the way to sales does not matter. */
  private ProcessInstance handedToSalesByQualification() {
    ProcessInstance pi = letterSent();
    correlator.on(event("e-2", EventTypes.LEAD_QUALIFIED, Map.of("score", 84, "tableVersion", 1)));
    assertThat(pi).isWaitingAt("Task_HandToSales");
    return pi;
  }

  /** The rep records "qualified" in the form; the lead goes to the CRM (最终将成熟线索自动同步至CRM). */
  private void qualifiedBySalesAndSynced(ProcessInstance pi) {
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
        .containsEntry("source", "whitepaper-2026")
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

    Assertions.assertThat(recorded)
        .singleElement()
        .satisfies(
            e -> {
              Assertions.assertThat(e.id()).isEqualTo("sales-outcome-" + task.getId());
              Assertions.assertThat(e.type()).isEqualTo(EventTypes.SALES_OUTCOME);
              Assertions.assertThat(e.contactId()).isEqualTo(CONTACT);
              Assertions.assertThat(e.properties())
                  .containsExactlyInAnyOrderEntriesOf(
                      Map.of("outcome", "qualified", "note", "Wants a demo next week"));
            });
    assertThat(pi).isWaitingAt("Task_SyncToCrm");
    Assertions.assertThat(crm.synced).isEmpty();
    execute(job());
    Assertions.assertThat(crm.synced)
        .containsExactly(new RecordingCrm.Synced(CONTACT, "qualified"));
    assertThat(pi).isEnded().hasPassed("EndEvent_LeadHandedOver");
  }

  private void notQualifiedGoesToEducation(ProcessInstance pi) {
    assertThat(pi).hasPassed("EndEvent_NurtureSequenceDone").isWaitingAt("Task_ReadContact");
    driver.executeAsyncJob(pi);
    assertThat(pi).variables().containsEntry("mql", false);
    assertThat(pi).hasPassed("Gateway_ToEducation").isWaitingAt("Task_SendEducationEmail");
  }

  /** Trial invitation, no click for 3 days, not an MQL: the educational cycle. */
  private ProcessInstance toEducationWithoutEngagement() {
    ProcessInstance pi = letterSent();
    click();
    trialInvitationSent(pi);
    driver.fireTimerAfter(pi, THREE_DAYS);
    notQualifiedGoesToEducation(pi);
    return pi;
  }

  private void educationalEmail(ProcessInstance pi) {
    assertThat(pi).isWaitingAt("Task_SendEducationEmail");
    driver.send(pi);
    Assertions.assertThat(channel.last().template()).isEqualTo("lead-education");
    assertThat(pi).isWaitingAt("Event_EducationWait");
  }

  private int tracking = 100;

  /** An open of the last email, as the tracking pixel reports it. */
  private void open() {
    correlator.on(
        event(
            "t-" + (++tracking),
            EventTypes.EMAIL_OPENED,
            Map.of("messageId", channel.last().messageId())));
  }

  /** A click in the last email, as the tracking link reports it. */
  private void click() {
    correlator.on(
        event(
            "t-" + (++tracking),
            EventTypes.EMAIL_CLICKED,
            Map.of("messageId", channel.last().messageId(), "url", "https://example.com/x")));
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
