package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.channel.SendDeferredException;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.H2SpringTest;
import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import io.journeys.journey.JourneyConstants;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The send rules inside a real journey (lead-nurturing, every real bean, embedded shape on H2,
 * sandbox email, jobs executed by the test, the engine clock set by the test): quiet hours across
 * the start of daylight-saving time in New York defer the welcome email to 08:00 local time without
 * a retry or an incident, and it is sent once then; a contact who unsubscribed while the journey
 * waited gets nothing and the journey goes on.
 */
@H2SpringTest
class SendRulesJourneyTest {

  @Autowired MockMvc mvc;
  @Autowired EventIntake intake;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired ContactDirectory contacts;
  @Autowired JdbcTemplate jdbc;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void welcomeEmailAtNightInNewYorkIsDeferredOverTheDstChangeAndSentOnceInTheMorning()
      throws Exception {
    String contactId = newContact("America/New_York");
    // 23:30 EST on 2026-03-07; clocks go from 02:00 EST to 03:00 EDT that night
    ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-03-08T04:30:00Z")));
    ProcessInstance pi = enterLeadNurturing(contactId);
    Job job = sendJob(pi);
    int retries = job.getRetries();

    assertThatThrownBy(() -> management.executeJob(job.getId()))
        .isInstanceOf(SendDeferredException.class);

    Instant eightEdt = Instant.parse("2026-03-08T12:00:00Z");
    Job deferred = sendJob(pi);
    assertThat(deferred.getDuedate()).isEqualTo(Date.from(eightEdt));
    assertThat(deferred.getRetries()).isEqualTo(retries);
    assertThat(runtime.createIncidentQuery().processInstanceId(pi.getId()).count()).isZero();
    assertThat(messages(pi))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .containsEntry("STATUS", "DEFERRED")
                    .containsEntry("DETAIL", "until 2026-03-08T12:00:00Z: quiet hours"));

    ClockUtil.setCurrentTime(Date.from(eightEdt.plusSeconds(1)));
    management.executeJob(deferred.getId());
    management.executeJob( // the outbox's dispatch job
        management.createJobQuery().processInstanceId(pi.getId()).singleResult().getId());

    assertThat(messages(pi))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .containsEntry("STATUS", "SANDBOX")
                    .containsEntry("TEMPLATE", "lead-whitepaper-thanks"));
    assertThat(runtime.getVariable(pi.getId(), "lastSendVerdict")).isEqualTo("SENT");
    assertThat(runtime.getActiveActivityIds(pi.getId())).doesNotContain("Task_SendWelcomeEmail");
  }

  @Test
  void contactWhoUnsubscribedWhileWaitingGetsNothingAndTheJourneyGoesOn() throws Exception {
    String contactId = newContact("Asia/Shanghai");
    ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-11-23T02:00:00Z"))); // 10:00 Shanghai
    ProcessInstance pi = enterLeadNurturing(contactId);

    contacts.setConsent(contactId, Channel.EMAIL, false, "test");
    management.executeJob(sendJob(pi).getId());

    assertThat(messages(pi))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .containsEntry("STATUS", "SUPPRESSED")
                    .containsEntry("DETAIL", "no consent for email"));
    assertThat(runtime.getVariable(pi.getId(), "lastSendVerdict"))
        .isEqualTo("SUPPRESSED: no consent for email");
    assertThat(runtime.getActiveActivityIds(pi.getId())).doesNotContain("Task_SendWelcomeEmail");
  }

  private String newContact(String timezone) throws Exception {
    String contactId = "c-rules-" + UUID.randomUUID();
    mvc.perform(
            put("/api/contacts/" + contactId)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                {"email":"%s@example.com","firstName":"Lei","locale":"en","timezone":"%s",
                 "consent":{"email":true}}"""
                        .formatted(contactId, timezone)))
        .andExpect(status().is2xxSuccessful());
    return contactId;
  }

  private ProcessInstance enterLeadNurturing(String contactId) {
    intake.ingest(
        List.of(
            new IncomingEvent(
                UUID.randomUUID().toString(),
                EventTypes.FORM_SUBMITTED,
                contactId,
                null,
                null,
                OffsetDateTime.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneOffset.UTC),
                Map.of("formId", "whitepaper", "fields", Map.of("company", "ACME")))));
    ProcessInstance pi =
        runtime
            .createProcessInstanceQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_LEAD_NURTURING)
            .processInstanceBusinessKey(contactId)
            .singleResult();
    assertThat(pi).isNotNull();
    return pi;
  }

  private Job sendJob(ProcessInstance pi) {
    Job job =
        management
            .createJobQuery()
            .processInstanceId(pi.getId())
            .activityId("Task_SendWelcomeEmail")
            .singleResult();
    assertThat(job).as("welcome email job").isNotNull();
    return job;
  }

  private List<Map<String, Object>> messages(ProcessInstance pi) {
    return jdbc.queryForList(
        "select status, detail, template from message" + " where process_instance_id = ?",
        pi.getId());
  }
}
