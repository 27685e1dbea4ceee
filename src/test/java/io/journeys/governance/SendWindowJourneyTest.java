package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.channel.SendDeferredException;
import io.journeys.contact.H2SpringTest;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A send step's send window through the real send path (sendMessageDelegate, outbox, send rules;
 * embedded shape on H2, jobs executed by the test): a push with window 20:00-22:00 asked for at
 * 10:00 in Shanghai is deferred to 20:00 local time without a retry or an incident, and sent then.
 */
@H2SpringTest
class SendWindowJourneyTest {

  @Autowired MockMvc mvc;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired JdbcTemplate jdbc;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void aPushWithAnEveningWindowWaitsForTheEveningInTheContactsTimezone() throws Exception {
    String contactId = newContact();
    repository
        .createDeployment()
        .addModelInstance(
            "send-window-probe.bpmn",
            Bpmn.createExecutableProcess("send-window-probe")
                .camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_Go")
                .serviceTask("Task_PushReviews")
                .camundaAsyncBefore()
                .camundaDelegateExpression("${sendMessageDelegate}")
                .camundaInputParameter("channel", "push")
                .camundaInputParameter("template", "cart-similar-reviews")
                .camundaInputParameter("sendWindow", "20:00-22:00")
                .endEvent("EndEvent_Done")
                .done())
        .deploy();
    ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-11-23T02:00:00Z"))); // 10:00 Shanghai
    ProcessInstance pi =
        runtime.startProcessInstanceByKey(
            "send-window-probe", contactId, Map.of("contactId", contactId));
    Job job = sendJob(pi);
    int retries = job.getRetries();

    assertThatThrownBy(() -> management.executeJob(job.getId()))
        .isInstanceOf(SendDeferredException.class);

    Instant eveningInShanghai = Instant.parse("2026-11-23T12:00:00Z");
    Job deferred = sendJob(pi);
    assertThat(deferred.getDuedate()).isEqualTo(Date.from(eveningInShanghai));
    assertThat(deferred.getRetries()).isEqualTo(retries);
    assertThat(runtime.createIncidentQuery().processInstanceId(pi.getId()).count()).isZero();
    assertThat(messages(pi))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .containsEntry("STATUS", "DEFERRED")
                    .containsEntry(
                        "DETAIL", "until 2026-11-23T12:00:00Z: send window 20:00-22:00"));

    ClockUtil.setCurrentTime(Date.from(eveningInShanghai));
    management.executeJob(deferred.getId());
    management.executeJob( // the outbox's dispatch job
        management.createJobQuery().processInstanceId(pi.getId()).singleResult().getId());

    assertThat(messages(pi))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .containsEntry("STATUS", "SANDBOX")
                    .containsEntry("TEMPLATE", "cart-similar-reviews"));
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).count()).isZero();
  }

  private String newContact() throws Exception {
    String contactId = "c-window-" + UUID.randomUUID();
    mvc.perform(
            put("/api/contacts/" + contactId)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                {"email":"%s@example.com","firstName":"Mei","locale":"zh-CN","timezone":"Asia/Shanghai",
                 "consent":{"push":true}}"""
                        .formatted(contactId)))
        .andExpect(status().is2xxSuccessful());
    return contactId;
  }

  private Job sendJob(ProcessInstance pi) {
    Job job =
        management
            .createJobQuery()
            .processInstanceId(pi.getId())
            .activityId("Task_PushReviews")
            .singleResult();
    assertThat(job).as("push job").isNotNull();
    return job;
  }

  private List<Map<String, Object>> messages(ProcessInstance pi) {
    return jdbc.queryForList(
        "select status, detail, template from message" + " where process_instance_id = ?",
        pi.getId());
  }
}
