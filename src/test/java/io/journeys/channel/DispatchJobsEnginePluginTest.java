package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeys.contact.H2SpringTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dispatch job in the real engine (embedded shape on H2, sandbox email, jobs executed by the
 * test): the channel task's step queues the message and waits for its dispatch job, which delivers
 * and moves the journey on; a failing delivery uses the task's retry cycle and ends in an incident
 * on the task, and Retry delivers; a journey cancelled before the dispatch cancels the message.
 */
@H2SpringTest
class DispatchJobsEnginePluginTest {

  private static final String PROCESS = "dispatch-jobs-test";

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void deploy() {
    repository
        .createDeployment()
        .enableDuplicateFiltering(true)
        .addModelInstance(
            PROCESS + ".bpmn", ChannelFixtures.welcomeEmailJourney(PROCESS, "Task_Send", "R2/PT1M"))
        .deploy();
  }

  @Test
  void stepQueuesAndWaitsTheDispatchJobDeliversAndMovesTheJourneyOn() {
    String pi = start(contact("ann@example.com"));

    management.executeJob(job(pi).getId());

    assertThat(message(pi))
        .containsEntry("STATUS", "QUEUED")
        .containsEntry("JOURNEY_KEY", PROCESS)
        .containsEntry("RECIPIENT", null);
    assertThat(runtime.getActiveActivityIds(pi)).containsExactly("Task_Send");
    Job dispatch = job(pi);
    assertThat(dispatch.getExecutionId()).isNotNull();
    assertThat(runtime.getVariable(pi, "lastMessageId")).isEqualTo(message(pi).get("ID"));

    management.executeJob(dispatch.getId());

    assertThat(message(pi)).containsEntry("STATUS", "SANDBOX").containsEntry("CONTENT", null);
    assertThat(runtime.getActiveActivityIds(pi)).containsExactly("Task_Wait");
    assertThat(management.createJobQuery().processInstanceId(pi).count()).isZero();
  }

  @Test
  void failedDeliveryUsesTheTasksRetryCycleThenAnIncidentAndRetryDelivers() {
    String contactId = contact(null); // no address: the email adapter refuses
    String pi = start(contactId);
    management.executeJob(job(pi).getId());
    String dispatchId = job(pi).getId();

    assertThatThrownBy(() -> management.executeJob(dispatchId))
        .hasMessage("contact has no email address");
    assertThat(job(pi).getRetries()).isEqualTo(1);
    assertThat(message(pi)).containsEntry("STATUS", "FAILED");
    assertThatThrownBy(() -> management.executeJob(dispatchId));

    Incident incident = runtime.createIncidentQuery().processInstanceId(pi).singleResult();
    assertThat(incident.getActivityId()).isEqualTo("Task_Send");
    assertThat(incident.getIncidentMessage()).isEqualTo("contact has no email address");
    assertThat(runtime.getActiveActivityIds(pi)).containsExactly("Task_Send");

    jdbc.update("update contact set email = 'fixed@example.com' where id = ?", contactId);
    management.setJobRetries(dispatchId, 1);
    management.executeJob(dispatchId);

    assertThat(message(pi))
        .containsEntry("STATUS", "SANDBOX")
        .containsEntry("RECIPIENT", "fixed@example.com");
    assertThat(runtime.getActiveActivityIds(pi)).containsExactly("Task_Wait");
    assertThat(runtime.createIncidentQuery().processInstanceId(pi).count()).isZero();
  }

  @Test
  void journeyCancelledBeforeTheDispatchCancelsTheMessage() {
    String pi = start(contact("bob@example.com"));
    management.executeJob(job(pi).getId());

    runtime.deleteProcessInstance(pi, "goal reached");

    assertThat(message(pi))
        .containsEntry("STATUS", "CANCELLED")
        .containsEntry("DETAIL", "journey ended before delivery")
        .containsEntry("CONTENT", null);
  }

  @Test
  void goalReachedBeforeTheDispatchCancelsTheMessageAndNothingIsDelivered() {
    String process = "dispatch-jobs-goal-test";
    var model =
        Bpmn.createExecutableProcess(process)
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .serviceTask("Task_Send")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "email")
            .camundaInputParameter("template", "onboarding-welcome")
            .userTask("Task_Wait")
            .endEvent()
            .done();
    model
        .<org.camunda.bpm.model.bpmn.instance.Process>getModelElementById(process)
        .builder()
        .eventSubProcess()
        .startEvent("StartEvent_Ordered")
        .interrupting(true)
        .message("order.placed")
        .endEvent("EndEvent_Converted");
    repository
        .createDeployment()
        .enableDuplicateFiltering(true)
        .addModelInstance(process + ".bpmn", model)
        .deploy();
    String contactId = contact("carol@example.com");
    String pi =
        runtime
            .startProcessInstanceByKey(process, contactId, Map.of("contactId", contactId))
            .getId();
    management.executeJob(job(pi).getId());
    assertThat(message(pi)).containsEntry("STATUS", "QUEUED");

    runtime.createMessageCorrelation("order.placed").processInstanceId(pi).correlate();

    assertThat(runtime.createProcessInstanceQuery().processInstanceId(pi).count()).isZero();
    assertThat(management.createJobQuery().processInstanceId(pi).count()).isZero();
    assertThat(message(pi)).containsEntry("STATUS", "CANCELLED").containsEntry("RECIPIENT", null);
  }

  private String contact(String email) {
    String id = "c-dispatch-" + UUID.randomUUID();
    jdbc.update(
        "insert into contact (id, email, first_name, locale, created_at, updated_at)"
            + " values (?, ?, 'Ann', 'en', now(), now())",
        id,
        email);
    return id;
  }

  private String start(String contactId) {
    return runtime
        .startProcessInstanceByKey(PROCESS, contactId, Map.of("contactId", contactId))
        .getId();
  }

  private Job job(String pi) {
    List<Job> jobs = management.createJobQuery().processInstanceId(pi).list();
    assertThat(jobs).hasSize(1);
    return jobs.get(0);
  }

  private Map<String, Object> message(String pi) {
    return jdbc.queryForMap("select * from message where process_instance_id = ?", pi);
  }
}
