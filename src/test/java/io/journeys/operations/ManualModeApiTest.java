package io.journeys.operations;

import static io.journeys.support.ErrorBodies.errorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import io.journeys.operations.OperationsModels.TestJourney;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Manual mode through the API on H2: a send step due in manual mode becomes a Tasklist task of
 * group marketing instead of a send; its outcome moves the journey on without a message; back in
 * automatic mode a pending step sends as usual.
 */
@H2SpringTest
class ManualModeApiTest {

  @Autowired MockMvc mvc;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  @Autowired TaskService tasks;
  @Autowired JdbcTemplate jdbc;
  @Autowired ManualMode manualMode;

  @Test
  void aDueSendBecomesATaskWhoseOutcomeMovesTheJourneyOnWithoutSending() throws Exception {
    TestJourney j = OperationsModels.oneSend(repository);
    mode(j, "manual").andExpect(jsonPath("$.mode").value("manual"));
    ProcessInstance instance = start(j);
    Job job = management.createJobQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(job.isSuspended()).as("created suspended: no automatic send").isTrue();

    manualMode.sweep();
    Task task =
        tasks
            .createTaskQuery()
            .taskCandidateGroup("marketing")
            .processDefinitionKey(ManualTasks.PROCESS)
            .processVariableValueEquals("contactId", instance.getBusinessKey())
            .singleResult();
    Map<String, Object> shown = tasks.getVariables(task.getId());
    assertThat(shown)
        .containsEntry("journey", j.key())
        .containsEntry("channel", "email")
        .containsEntry("template", "cart-reminder")
        .containsEntry("recipient", instance.getBusinessKey() + "@example.com");
    assertThat((String) shown.get("subject")).as("rendered subject").isNotBlank();
    assertThat((String) shown.get("bodyExcerpt"))
        .as("rendered body, not the template")
        .isNotBlank()
        .doesNotContain("{{")
        .hasSizeLessThanOrEqualTo(ManualTasks.EXCERPT);
    mvc.perform(get("/api/journeys/" + j.key())).andExpect(jsonPath("$.mode").value("manual"));

    mvc.perform(
            post("/api/journeys/" + j.key() + "/manual-sends/" + task.getId())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"sent-by-hand\"}"))
        .andExpect(status().isOk());
    assertThat(passedTheSendStep(instance)).isTrue();
    assertThat(messages(instance)).isZero();
    assertThat(
            jdbc.queryForObject(
                "select outcome from journey_manual_send where task_id = ?",
                String.class,
                task.getId()))
        .isEqualTo("SENT_BY_HAND");
    mvc.perform(
            post("/api/journeys/" + j.key() + "/manual-sends/" + task.getId())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"skip\"}"))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no open manual send " + task.getId()));
  }

  @Test
  void aTaskCompletedInTasklistWithSkipMovesTheJourneyOnToo() throws Exception {
    TestJourney j = OperationsModels.oneSend(repository);
    mode(j, "manual");
    ProcessInstance instance = start(j);
    manualMode.sweep();
    Task task = taskOf(instance);
    tasks.complete(task.getId(), Map.of(ManualTasks.OUTCOME, ManualTasks.SKIP)); // as Tasklist does

    assertThat(passedTheSendStep(instance)).isTrue();
    assertThat(messages(instance)).isZero();
    assertThat(
            jdbc.queryForObject(
                "select outcome from journey_manual_send where task_id = ?",
                String.class,
                task.getId()))
        .isEqualTo("SKIPPED");
  }

  @Test
  void aResumeKeepsTheSendStepsOfAManualJourneySuspended() throws Exception {
    TestJourney j = OperationsModels.oneSend(repository);
    mode(j, "manual");
    ProcessInstance instance = start(j);
    mvc.perform(post("/api/journeys/" + j.key() + "/pause")).andExpect(status().isOk());
    mvc.perform(post("/api/journeys/" + j.key() + "/resume")).andExpect(status().isOk());
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .processInstanceId(instance.getId())
                .singleResult()
                .isSuspended())
        .isFalse();
    assertThat(
            management
                .createJobQuery()
                .processInstanceId(instance.getId())
                .singleResult()
                .isSuspended())
        .isTrue();
  }

  @Test
  void backToAutomaticTheTasksGoAndThePendingSendGoesOut() throws Exception {
    TestJourney j = OperationsModels.oneSend(repository);
    mode(j, "manual");
    ProcessInstance instance = start(j);
    manualMode.sweep();
    mode(j, "automatic").andExpect(jsonPath("$.tasksWithdrawn").value(1));
    assertThat(taskOf(instance)).isNull();
    Job job = management.createJobQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(job.isSuspended()).isFalse();
    management.executeJob(job.getId());
    assertThat(messages(instance)).isEqualTo(1);
    mvc.perform(get("/api/journeys/" + j.key() + "/audit"))
        .andExpect(jsonPath("$[0].detail").value("manual to automatic, tasks withdrawn=1"));
    mvc.perform(
            put("/api/journeys/" + j.key() + "/mode")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"mode\": \"half\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details[0].field").value("mode"));
  }

  @Test
  void globalManualModeTurnsTheSendsOfEveryJourneyIntoTasksAndBack() throws Exception {
    TestJourney j = OperationsModels.oneSend(repository);
    try {
      mvc.perform(
              put("/api/journeys/mode")
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{\"mode\": \"manual\"}"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.mode").value("manual"));
      ProcessInstance instance = start(j);
      Job job = management.createJobQuery().processInstanceId(instance.getId()).singleResult();
      assertThat(job.isSuspended()).as("a journey deployed before the switch").isTrue();
      manualMode.sweep();
      assertThat(taskOf(instance)).isNotNull();
      mvc.perform(get("/api/journeys/" + j.key())).andExpect(jsonPath("$.mode").value("manual"));
      mvc.perform(get("/api/journeys/mode")).andExpect(jsonPath("$.mode").value("manual"));
      mvc.perform(
              put("/api/journeys/" + j.key() + "/mode")
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{\"mode\": \"automatic\"}"))
          .andExpect(status().isConflict())
          .andExpect(errorBody("global manual mode is on: PUT /api/journeys/mode first"));

      mvc.perform(
              put("/api/journeys/mode")
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{\"mode\": \"automatic\"}"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.mode").value("automatic"));
      assertThat(taskOf(instance)).isNull();
      job = management.createJobQuery().processInstanceId(instance.getId()).singleResult();
      assertThat(job.isSuspended()).isFalse();
      management.executeJob(job.getId());
      assertThat(messages(instance)).isEqualTo(1);
      mvc.perform(get("/api/journeys/" + j.key() + "/audit"))
          .andExpect(jsonPath("$[0].detail").value("global manual mode off, tasks withdrawn=1"));
    } finally {
      mvc.perform(
          put("/api/journeys/mode")
              .contentType(MediaType.APPLICATION_JSON)
              .content("{\"mode\": \"automatic\"}"));
    }
  }

  private Task taskOf(ProcessInstance journey) {
    return tasks
        .createTaskQuery()
        .processDefinitionKey(ManualTasks.PROCESS)
        .processVariableValueEquals("journeyInstanceId", journey.getId())
        .singleResult();
  }

  private org.springframework.test.web.servlet.ResultActions mode(TestJourney j, String mode)
      throws Exception {
    return mvc.perform(
            put("/api/journeys/" + j.key() + "/mode")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"mode\": \"" + mode + "\"}"))
        .andExpect(status().isOk());
  }

  /** The journey went on after the send step (here: to its end) and no longer waits there. */
  private boolean passedTheSendStep(ProcessInstance instance) {
    return history
                .createHistoricActivityInstanceQuery()
                .processInstanceId(instance.getId())
                .activityId("EndEvent_Sent")
                .count()
            == 1
        && runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count() == 0;
  }

  private long messages(ProcessInstance instance) {
    return jdbc.queryForObject(
        "select count(*) from message where process_instance_id = ?", Long.class, instance.getId());
  }

  private ProcessInstance start(TestJourney j) throws Exception {
    return OperationsModels.enter(mvc, runtime, j);
  }
}
