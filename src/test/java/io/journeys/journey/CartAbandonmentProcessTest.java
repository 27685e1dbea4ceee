package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.journeys.event.EventTypes;
import io.journeys.journey.JourneyTestDoubles.InMemoryContacts;
import io.journeys.journey.JourneyTestDoubles.RecordingChannel;
import io.journeys.journey.JourneyTestDoubles.RecordingCrm;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every path of {@code bpmn/cart-abandonment.bpmn}; the class fails below 100 % coverage. */
@Deployment(resources = "bpmn/cart-abandonment.bpmn")
class CartAbandonmentProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder().configurationResource(JourneyTestDoubles.ENGINE_CONFIG).assertClassCoverageAtLeast(1.0).build();

  static final String CONTACT = "c-2001";

  ProcessEngine processEngine;
  RecordingChannel channel = new RecordingChannel();
  RecordingCrm crm = new RecordingCrm();
  InMemoryContacts contacts = new InMemoryContacts();
  JourneyDriver driver;

  @BeforeEach
  void setUp() {
    driver = JourneyDriver.start(processEngine, channel, Instant.parse("2026-11-23T08:00:00Z"));
    Mocks.register("syncToCrmDelegate", crm);
    Mocks.register("tagContactDelegate", new TagContactDelegate(contacts));
  }

  @AfterEach
  void tearDown() {
    JourneyDriver.stop();
  }

  @Test
  void noOrderNoClickGetsReminderThenSmsThenIsTaggedHighIntentAndSynced() {
    ProcessInstance pi = reminderSent();

    driver.fireTimerAfter(pi, Duration.ofHours(24));
    assertThat(pi).isWaitingAt("Task_SendCartSms");
    driver.executeAsyncJob(pi);
    assertThat(channel.last().channel()).isEqualTo("sms");
    assertThat(channel.last().template()).isEqualTo("cart-sms-video");

    highIntentAfterTwoMoreDays(pi);
    assertThat(pi).hasPassed("Event_ReminderNotClicked").hasNotPassed("Event_ReminderClicked");
  }

  @Test
  void aClickedReminderSkipsTheSms() {
    ProcessInstance pi = reminderSent();

    driver.event(CONTACT, EventTypes.EMAIL_CLICKED, Map.of("messageId", channel.last().messageId()));

    highIntentAfterTwoMoreDays(pi);
    assertThat(channel.sent).hasSize(1);
    assertThat(pi).hasPassed("Event_ReminderClicked").hasNotPassed("Task_SendCartSms");
  }

  @Test
  void anOrderBeforeTheReminderEndsTheJourneyAsConverted() {
    ProcessInstance pi = cartAdded();

    driver.event(CONTACT, EventTypes.ORDER_PLACED, Map.of("orderId", "o-1"));

    assertThat(pi).isEnded().hasPassed("EndEvent_Converted").hasNotPassed("Task_SendCartReminder");
    assertThat(channel.sent).isEmpty();
    assertThat(processEngine.getManagementService().createJobQuery().count()).isZero();
  }

  @Test
  void anOrderWhileWaitingForItEndsTheJourneyAsConverted() {
    ProcessInstance pi = reminderSent();
    driver.fireTimerAfter(pi, Duration.ofHours(24));
    driver.executeAsyncJob(pi);
    assertThat(pi).isWaitingAt("Event_NoOrderInTwoDays");

    driver.event(CONTACT, EventTypes.ORDER_PLACED, Map.of("orderId", "o-1"));

    assertThat(pi).isEnded().hasPassed("EndEvent_Converted").hasNotPassed("Task_TagHighIntent");
    assertThat(contacts.tags).isEmpty();
    assertThat(crm.synced).isEmpty();
  }

  @Test
  void unsubscribingStopsTheJourneyAtOnce() {
    ProcessInstance pi = reminderSent();

    driver.event(CONTACT, EventTypes.MESSAGE_UNSUBSCRIBED, Map.of("channel", "email"));

    assertThat(pi).isEnded().hasPassed("EndEvent_Unsubscribed").hasNotPassed("Task_SendCartSms");
    assertThat(processEngine.getManagementService().createJobQuery().count()).isZero();
  }

  @Test
  void anotherContactsOrderDoesNotEndTheJourney() {
    ProcessInstance pi = cartAdded();

    driver.event("c-other", EventTypes.ORDER_PLACED, Map.of("orderId", "o-2"));

    assertThat(pi).isActive().isWaitingAt("Event_NoOrderInOneDay");
    assertThat(processEngine.getRuntimeService().createProcessInstanceQuery().count())
        .as("an event subprocess's message starts no journey").isEqualTo(1);
  }

  @Test
  void aFailedSmsIsRetriedOnceTwoHoursLaterThenRaisesAnIncident() {
    ProcessInstance pi = reminderSent();
    driver.fireTimerAfter(pi, Duration.ofHours(24));
    channel.failure = new IllegalStateException("SMS provider down");
    Instant failedAt = ClockUtil.getCurrentTime().toInstant();

    assertThatThrownBy(() -> driver.executeAsyncJob(pi)).hasMessageContaining("SMS provider down");

    Job retry = processEngine.getManagementService().createJobQuery().processInstanceId(pi.getId()).singleResult();
    assertThat(retry.getRetries()).isEqualTo(1);
    assertThat(retry.getDuedate()).isEqualTo(Date.from(failedAt.plus(Duration.ofHours(2))));
    assertThat(processEngine.getManagementService().createJobQuery().processInstanceId(pi.getId())
        .executable().count()).as("not before two hours").isZero();

    ClockUtil.setCurrentTime(retry.getDuedate());
    assertThatThrownBy(() -> driver.executeAsyncJob(pi)).hasMessageContaining("SMS provider down");

    Job failed = processEngine.getManagementService().createJobQuery().processInstanceId(pi.getId()).singleResult();
    assertThat(failed.getRetries()).isZero();
    assertThat(processEngine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId())
        .activityId("Task_SendCartSms").count()).isEqualTo(1);
    assertThat(pi).isWaitingAt("Task_SendCartSms");
    assertThat(channel.sent).hasSize(1);
  }

  private ProcessInstance cartAdded() {
    driver.event(CONTACT, EventTypes.CART_ADDED, Map.of("productId", "p-1", "quantity", 1, "price", 99.0));
    ProcessInstance pi = driver.instance(JourneyConstants.PROCESS_CART_ABANDONMENT, CONTACT);
    assertThat(pi).isWaitingAt("Event_NoOrderInOneDay").variables().containsEntry("contactId", CONTACT);
    return pi;
  }

  private ProcessInstance reminderSent() {
    ProcessInstance pi = cartAdded();
    driver.fireTimerAfter(pi, Duration.ofHours(24));
    assertThat(pi).isWaitingAt("Task_SendCartReminder");
    driver.executeAsyncJob(pi);
    assertThat(channel.last().channel()).isEqualTo("email");
    assertThat(channel.last().template()).isEqualTo("cart-reminder");
    assertThat(pi).isWaitingAt("Gateway_ReminderClicked");
    return pi;
  }

  private void highIntentAfterTwoMoreDays(ProcessInstance pi) {
    assertThat(pi).isWaitingAt("Event_NoOrderInTwoDays");
    driver.fireTimerAfter(pi, Duration.ofHours(48));
    assertThat(pi).isWaitingAt("Task_TagHighIntent");
    driver.executeAsyncJob(pi);
    assertThat(contacts.tags).containsEntry(CONTACT, java.util.Set.of("high-intent"));
    assertThat(pi).isWaitingAt("Task_SyncToCrm");
    driver.executeAsyncJob(pi);
    assertThat(crm.synced).extracting(RecordingCrm.Synced::contactId).containsExactly(CONTACT);
    assertThat(pi).isEnded().hasPassed("EndEvent_NotConverted");
  }
}
