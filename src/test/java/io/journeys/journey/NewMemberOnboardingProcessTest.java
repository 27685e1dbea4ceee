package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.journeys.event.EventTypes;
import io.journeys.journey.JourneyTestDoubles.InMemoryContacts;
import io.journeys.journey.JourneyTestDoubles.RecordingChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every path of {@code bpmn/new-member-onboarding.bpmn}; the class fails below 100 % coverage. */
@Deployment(resources = "bpmn/new-member-onboarding.bpmn")
class NewMemberOnboardingProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder().configurationResource(JourneyTestDoubles.ENGINE_CONFIG).assertClassCoverageAtLeast(1.0).build();

  static final String CONTACT = "c-3001";

  ProcessEngine processEngine;
  RecordingChannel channel = new RecordingChannel();
  InMemoryContacts contacts = new InMemoryContacts();
  JourneyDriver driver;

  @BeforeEach
  void setUp() {
    driver = JourneyDriver.start(processEngine, channel, Instant.parse("2026-11-23T08:00:00Z"));
    Mocks.register("tagContactDelegate", new TagContactDelegate(contacts));
  }

  @AfterEach
  void tearDown() {
    JourneyDriver.stop();
  }

  @Test
  void aMemberWhoNeverOrdersGetsWelcomePushAndCouponThenLeavesAfter30Days() {
    ProcessInstance pi = couponSent();

    driver.fireTimerAfter(pi, Duration.ofDays(30));

    assertThat(pi).isEnded().hasPassedInOrder("Task_SendWelcomeEmail", "Task_PushHotProducts",
        "Task_SendCouponEmail", "EndEvent_NotConverted");
    assertThat(contacts.tags).isEmpty();
  }

  @Test
  void aFirstOrderAfterTheCouponTagsTheNewCustomer() {
    ProcessInstance pi = couponSent();

    driver.event(CONTACT, EventTypes.ORDER_PLACED, Map.of("orderId", "o-1", "amount", 59.0));

    converted(pi);
  }

  @Test
  void aFirstOrderRightAfterTheWelcomeEndsTheOnboardingAtOnce() {
    ProcessInstance pi = registered();
    driver.executeAsyncJob(pi);
    assertThat(pi).isWaitingAt("Event_OneDayLater");

    driver.event(CONTACT, EventTypes.ORDER_PLACED, Map.of("orderId", "o-1"));

    converted(pi);
    assertThat(channel.sent).hasSize(1);
    assertThat(pi).hasNotPassed("Task_PushHotProducts");
  }

  @Test
  void unsubscribingStopsTheOnboardingAtOnce() {
    ProcessInstance pi = registered();
    driver.executeAsyncJob(pi);

    driver.event(CONTACT, EventTypes.MESSAGE_UNSUBSCRIBED, Map.of("channel", "email"));

    assertThat(pi).isEnded().hasPassed("EndEvent_Unsubscribed").hasNotPassed("Task_PushHotProducts");
    assertThat(contacts.tags).isEmpty();
  }

  private ProcessInstance registered() {
    driver.event(CONTACT, EventTypes.CONTACT_REGISTERED, Map.of("source", "app"));
    ProcessInstance pi = driver.instance(JourneyConstants.PROCESS_NEW_MEMBER_ONBOARDING, CONTACT);
    assertThat(pi).isWaitingAt("Task_SendWelcomeEmail").variables()
        .containsEntry("contactId", CONTACT).containsEntry("source", "app");
    return pi;
  }

  private ProcessInstance couponSent() {
    ProcessInstance pi = registered();
    driver.executeAsyncJob(pi);
    assertThat(channel.last()).extracting("channel", "template").containsExactly("email", "onboarding-welcome");
    driver.fireTimerAfter(pi, Duration.ofHours(24));
    driver.executeAsyncJob(pi);
    assertThat(channel.last()).extracting("channel", "template").containsExactly("push", "onboarding-hot-products");
    driver.fireTimerAfter(pi, Duration.ofHours(48));
    driver.executeAsyncJob(pi);
    assertThat(channel.last()).extracting("channel", "template").containsExactly("email", "onboarding-coupon");
    assertThat(pi).isWaitingAt("Event_NoFirstOrderIn30Days");
    return pi;
  }

  private void converted(ProcessInstance pi) {
    assertThat(pi).isWaitingAt("Task_TagNewCustomer");
    assertThat(processEngine.getManagementService().createJobQuery().timers().count()).isZero();
    driver.executeAsyncJob(pi);
    assertThat(contacts.tags).containsEntry(CONTACT, Set.of("new-customer-converted"));
    assertThat(pi).isEnded().hasPassed("EndEvent_Converted").hasNotPassed("EndEvent_NotConverted");
  }
}
