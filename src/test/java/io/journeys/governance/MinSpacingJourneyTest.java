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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A send step's minimum spacing through the real send path (sendMessageDelegate, outbox, send
 * rules; embedded shape on H2, jobs executed by the test), shaped like cart-abandonment's stock
 * reminder followed by its payment guide with {@code minSpacing} PT2H (seed 002 "促销活动催付间隔2-4小时"):
 * the 催付 asked for 10 minutes after the first message waits until 2 hours after it, without a retry
 * or an incident; when that moment is in quiet hours, it waits for the morning.
 */
@H2SpringTest
class MinSpacingJourneyTest {

  @Autowired MockMvc mvc;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void deployProbe() {
    repository
        .createDeployment()
        .addModelInstance(
            "min-spacing-probe.bpmn",
            Bpmn.createExecutableProcess("min-spacing-probe")
                .camundaHistoryTimeToLive(1)
                .startEvent("StartEvent_Go")
                .serviceTask("Task_StockReminder")
                .camundaAsyncBefore()
                .camundaDelegateExpression("${sendMessageDelegate}")
                .camundaInputParameter("channel", "email")
                .camundaInputParameter("template", "cart-low-stock")
                .camundaInputParameter("couponCode", "CART10")
                .serviceTask("Task_PaymentGuide")
                .camundaAsyncBefore()
                .camundaDelegateExpression("${sendMessageDelegate}")
                .camundaInputParameter("channel", "email")
                .camundaInputParameter("template", "cart-payment-guide")
                .camundaInputParameter("couponCode", "CART10")
                .camundaInputParameter("minSpacing", "PT2H")
                .endEvent("EndEvent_Done")
                .done())
        .deploy();
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void aPaymentReminderTenMinutesAfterTheFirstWaitsUntilTwoHoursAfterIt() throws Exception {
    Instant first = Instant.parse("2026-11-23T02:00:00Z"); // 10:00 in Shanghai
    ProcessInstance pi = firstReminderSentAt(first);

    ClockUtil.setCurrentTime(Date.from(first.plusSeconds(600)));
    Job guide = deferred(pi);

    Instant twoHoursAfter = Instant.parse("2026-11-23T04:00:00Z");
    assertThat(guide.getDuedate()).isEqualTo(Date.from(twoHoursAfter));
    assertThat(detail(pi, "cart-payment-guide"))
        .isEqualTo("until 2026-11-23T04:00:00Z: minimum spacing PT2H after the previous message");

    ClockUtil.setCurrentTime(Date.from(twoHoursAfter));
    management.executeJob(guide.getId());
    management.executeJob(onlyJob(pi).getId()); // the outbox's dispatch job
    assertThat(statusOf(pi, "cart-payment-guide")).isEqualTo("SANDBOX");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).count()).isZero();
  }

  @Test
  void quietHoursStillApplyAfterTheSpacing() throws Exception {
    Instant first = Instant.parse("2026-11-23T12:30:00Z"); // 20:30 in Shanghai
    ProcessInstance pi = firstReminderSentAt(first);

    ClockUtil.setCurrentTime(Date.from(first.plusSeconds(600)));
    Job guide = deferred(pi);

    // 20:30 + 2 h = 22:30, inside quiet hours 21:00-08:00: the next morning, 08:00 in Shanghai
    assertThat(guide.getDuedate()).isEqualTo(Date.from(Instant.parse("2026-11-24T00:00:00Z")));
    assertThat(detail(pi, "cart-payment-guide"))
        .isEqualTo(
            "until 2026-11-24T00:00:00Z: minimum spacing PT2H after the previous message,"
                + " quiet hours");
  }

  private ProcessInstance firstReminderSentAt(Instant at) throws Exception {
    String contactId = "c-spacing-" + UUID.randomUUID();
    mvc.perform(
            put("/api/contacts/" + contactId)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                {"email":"%s@example.com","firstName":"Mei","locale":"zh-CN","timezone":"Asia/Shanghai",
                 "consent":{"email":true}}"""
                        .formatted(contactId)))
        .andExpect(status().is2xxSuccessful());
    ClockUtil.setCurrentTime(Date.from(at));
    ProcessInstance pi =
        runtime.startProcessInstanceByKey(
            "min-spacing-probe", contactId, Map.of("contactId", contactId));
    management.executeJob(onlyJob(pi).getId()); // Task_StockReminder
    management.executeJob(onlyJob(pi).getId()); // its dispatch
    assertThat(statusOf(pi, "cart-low-stock")).isEqualTo("SANDBOX");
    return pi;
  }

  /** The payment guide's job runs, is deferred without using a retry, and is due again later. */
  private Job deferred(ProcessInstance pi) {
    Job job = onlyJob(pi);
    assertThat(job.getId()).isNotNull();
    int retries = job.getRetries();
    assertThatThrownBy(() -> management.executeJob(job.getId()))
        .isInstanceOf(SendDeferredException.class);
    Job again = onlyJob(pi);
    assertThat(again.getRetries()).isEqualTo(retries);
    assertThat(runtime.createIncidentQuery().processInstanceId(pi.getId()).count()).isZero();
    assertThat(runtime.getActiveActivityIds(pi.getId())).containsExactly("Task_PaymentGuide");
    return again;
  }

  private Job onlyJob(ProcessInstance pi) {
    Job job = management.createJobQuery().processInstanceId(pi.getId()).singleResult();
    assertThat(job).as("job of " + pi.getId()).isNotNull();
    return job;
  }

  private String statusOf(ProcessInstance pi, String template) {
    return row(pi, template).get("STATUS").toString();
  }

  private String detail(ProcessInstance pi, String template) {
    return row(pi, template).get("DETAIL").toString();
  }

  private Map<String, Object> row(ProcessInstance pi, String template) {
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "select status, detail from message where process_instance_id = ? and template = ?",
            pi.getId(),
            template);
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }
}
