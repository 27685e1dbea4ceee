package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.contact.H2SpringTest;
import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * lead-nurturing with the real beans of every feature in the whole application (embedded shape:
 * in-memory H2, sandbox email and CRM), jobs executed by the test: form submitted → welcome email
 * recorded → its open reaches this instance → sales task with the lead's profile → outcome recorded
 * as an event → CRM sync → "Lead handed over".
 */
@H2SpringTest
class LeadNurturingEndToEndTest {

  @Autowired EventIntake intake;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired JdbcTemplate jdbc;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void aLeadIsNurturedHandedToSalesAndSynced() {
    String contactId = "c-e2e-" + UUID.randomUUID();
    intake.ingest(
        List.of(
            event(
                EventTypes.FORM_SUBMITTED,
                contactId,
                Map.of("formId", "whitepaper", "fields", Map.of("company", "ACME")))));
    ProcessInstance pi =
        runtime
            .createProcessInstanceQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_LEAD_NURTURING)
            .processInstanceBusinessKey(contactId)
            .singleResult();
    assertThat(pi).isNotNull();

    executeJob(pi); // the welcome email's step: queued in the outbox
    executeJob(pi); // its dispatch job: delivered (sandbox), the journey goes on
    String messageId =
        (String) runtime.getVariable(pi.getId(), JourneyConstants.VAR_LAST_MESSAGE_ID);
    assertThat(
            jdbc.queryForMap(
                "select template, process_instance_id from message where id = ?", messageId))
        .containsEntry("TEMPLATE", "lead-whitepaper-thanks")
        .containsEntry("PROCESS_INSTANCE_ID", pi.getId());

    intake.ingest(
        List.of(event(EventTypes.EMAIL_OPENED, contactId, Map.of("messageId", messageId))));
    intake.ingest(
        List.of(event(EventTypes.EMAIL_CLICKED, contactId, Map.of("messageId", messageId))));
    executeJob(pi); // opened and clicked (seed 001): the trial invitation's step
    executeJob(pi); // its dispatch job
    String trialId = (String) runtime.getVariable(pi.getId(), JourneyConstants.VAR_LAST_MESSAGE_ID);
    assertThat(
            jdbc.queryForObject("select template from message where id = ?", String.class, trialId))
        .isEqualTo("lead-trial-invite");
    // the next day: a third email within 24 h would meet the default cap (all 2/P1D)
    ClockUtil.setCurrentTime(
        java.util.Date.from(java.time.Instant.now().plus(java.time.Duration.ofHours(25))));
    intake.ingest(
        List.of(event(EventTypes.EMAIL_CLICKED, contactId, Map.of("messageId", trialId))));
    executeJob(pi); // high interaction: the 1:1 invite's step, queued in the outbox
    executeJob(pi); // its dispatch job
    ClockUtil.reset(); // events recorded from here on happen now (the intake refuses future ones)
    String inviteId =
        (String) runtime.getVariable(pi.getId(), JourneyConstants.VAR_LAST_MESSAGE_ID);
    assertThat(
            jdbc.queryForObject(
                "select template from message where id = ?", String.class, inviteId))
        .isEqualTo("lead-sales-invite");

    Task task =
        tasks
            .createTaskQuery()
            .processInstanceId(pi.getId())
            .taskCandidateGroup("sales")
            .singleResult();
    assertThat(task).as("Hand to sales task").isNotNull();
    assertThat(tasks.getVariablesLocal(task.getId()))
        .containsEntry("leadEmail", contactId + "@example.com")
        .containsEntry("source", "whitepaper")
        .hasEntrySatisfying(
            "recentActivity",
            activity ->
                assertThat((String) activity).contains("email.opened").contains("form.submitted"));

    tasks.complete(task.getId(), Map.of("outcome", "qualified", "note", "Budget confirmed"));

    assertThat(
            jdbc.queryForObject(
                "select type from event where id = ?",
                String.class,
                "sales-outcome-" + task.getId()))
        .isEqualTo(EventTypes.SALES_OUTCOME);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event where contact_id = ? and type = ?",
                Integer.class,
                contactId,
                EventTypes.SALES_OUTCOME))
        .as("recorded once: the task's own event completes nothing (SalesOutcomes)")
        .isOne();
    executeJob(pi);
    assertThat(
            history
                .createHistoricActivityInstanceQuery()
                .processInstanceId(pi.getId())
                .activityId("EndEvent_LeadHandedOver")
                .list())
        .extracting(HistoricActivityInstance::getEndTime)
        .doesNotContainNull()
        .hasSize(1);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi.getId()).count()).isZero();
  }

  private void executeJob(ProcessInstance pi) {
    Job job = management.createJobQuery().processInstanceId(pi.getId()).singleResult();
    assertThat(job).as("job of " + pi.getId()).isNotNull();
    management.executeJob(job.getId());
  }

  private static IncomingEvent event(
      String type, String contactId, Map<String, Object> properties) {
    return new IncomingEvent(
        UUID.randomUUID().toString(),
        type,
        contactId,
        contactId + "@example.com",
        null,
        OffsetDateTime.now(),
        properties);
  }
}
