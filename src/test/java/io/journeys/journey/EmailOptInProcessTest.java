package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.journeys.channel.RecordingSendPath;
import io.journeys.event.EventTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every path of {@code bpmn/email-opt-in.bpmn}; the class fails below 100 % coverage. */
@Deployment(resources = "bpmn/email-opt-in.bpmn")
class EmailOptInProcessTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.builder()
          .configurationResource(JourneyTestDoubles.ENGINE_CONFIG)
          .assertClassCoverageAtLeast(1.0)
          .build();

  static final String CONTACT = "c-4001";

  ProcessEngine processEngine;
  RecordingSendPath channel;
  JourneyDriver driver;

  @BeforeEach
  void setUp() {
    driver = JourneyDriver.start(processEngine, Instant.parse("2026-11-23T08:00:00Z"));
    channel = driver.channel();
  }

  @AfterEach
  void tearDown() {
    JourneyDriver.stop();
  }

  @Test
  void aConfirmationEndsItAsSubscribed() {
    ProcessInstance pi = confirmationSent();

    driver.event(CONTACT, JourneyConstants.MSG_EMAIL_CONSENT_CONFIRMED, Map.of("channel", "email"));

    assertThat(pi)
        .isEnded()
        .hasPassedInOrder(
            "StartEvent_ConsentRequested",
            "Task_SendConfirmationEmail",
            "Event_ConsentConfirmed",
            "EndEvent_Confirmed");
  }

  @Test
  void withoutAConfirmationItEndsAfterSevenDaysWhenTheLinkExpires() {
    ProcessInstance pi = confirmationSent();

    driver.fireTimerAfter(pi, Duration.ofDays(7));

    assertThat(pi).isEnded().hasPassed("EndEvent_NotConfirmed").hasNotPassed("EndEvent_Confirmed");
    assertThat(channel.sent()).hasSize(1);
  }

  @Test
  void otherEventsOfTheContactDoNotEndIt() {
    ProcessInstance pi = confirmationSent();

    driver.event(CONTACT, EventTypes.EMAIL_OPENED, Map.of("messageId", channel.last().messageId()));
    driver.event("c-other", JourneyConstants.MSG_EMAIL_CONSENT_CONFIRMED, Map.of());

    assertThat(pi).isWaitingAt("Gateway_WaitForConfirmation");
  }

  private ProcessInstance confirmationSent() {
    driver.event(CONTACT, JourneyConstants.MSG_EMAIL_CONSENT_REQUESTED, Map.of("channel", "email"));
    ProcessInstance pi = driver.instance(JourneyConstants.PROCESS_EMAIL_OPT_IN, CONTACT);
    assertThat(pi).isNotNull();
    // the link is made when the email is rendered (governance OptInConfirmationLink), never kept
    assertThat(processEngine.getRuntimeService().getVariable(pi.getId(), "confirmUrl")).isNull();
    assertThat(pi).isWaitingAt("Task_SendConfirmationEmail");

    driver.send(pi);

    assertThat(channel.sent())
        .singleElement()
        .satisfies(
            sent -> {
              assertThat(sent.contactId()).isEqualTo(CONTACT);
              assertThat(sent.channel()).isEqualTo("email");
              assertThat(sent.template()).isEqualTo("opt-in-confirmation");
              assertThat(sent.parts().get("text"))
                  .contains("https://journeys.example/optin/" + CONTACT);
            });
    assertThat(pi).isWaitingAt("Gateway_WaitForConfirmation");
    return pi;
  }
}
