package io.journeys.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import io.journeys.operations.OperationsModels.TestJourney;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/** The timer policies exit and fire, and the end of a pause at its maximum (resume or stop). */
@H2SpringTest
class PausePoliciesApiTest {

  @Autowired MockMvc mvc;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  @Autowired JdbcTemplate jdbc;
  @Autowired MaxPauseWatch watch;

  @Test
  void policyExitEndsAnInstanceWhoseTimerFellDueDuringThePause() throws Exception {
    TestJourney j = OperationsModels.twoSteps(repository, Map.of());
    ProcessInstance due = start(j);
    ProcessInstance later = start(j);
    pause(j, "{\"timerPolicy\": \"exit\"}");
    management.setJobDuedate(timerOf(due).getId(), Date.from(pausedAt(j).plusMillis(1)));
    Date laterDue = timerOf(later).getDuedate();

    mvc.perform(post("/api/journeys/" + j.key() + "/resume"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.timers.policy").value("EXIT"))
        .andExpect(jsonPath("$.timers.instancesEnded").value(1));
    assertThat(
            history
                .createHistoricProcessInstanceQuery()
                .processInstanceId(due.getId())
                .singleResult()
                .getDeleteReason())
        .isEqualTo(PausedTimers.EXIT_REASON);
    assertThat(timerOf(later).getDuedate()).isEqualTo(laterDue);
  }

  @Test
  void policyFireLeavesTimersWhereTheyAreSoOverdueOnesFireOnResume() throws Exception {
    TestJourney j = OperationsModels.twoSteps(repository, Map.of());
    ProcessInstance due = start(j);
    pause(j, "{\"timerPolicy\": \"fire\"}");
    Date dueAt = Date.from(pausedAt(j).plusMillis(1));
    management.setJobDuedate(timerOf(due).getId(), dueAt);

    mvc.perform(post("/api/journeys/" + j.key() + "/resume"))
        .andExpect(jsonPath("$.timers.dueNow").value(1));
    Job timer = timerOf(due);
    assertThat(timer.getDuedate()).isEqualTo(dueAt);
    assertThat(timer.isSuspended()).isFalse();
    management.executeJob(timer.getId());
    assertThat(OperationsModels.endedAt(history, due.getId())).isEqualTo("EndEvent_TimedOut");
  }

  @Test
  void aPauseEndsAtItsMaximumWithAResumeOrAStopBySystem() throws Exception {
    TestJourney resumed = OperationsModels.twoSteps(repository, Map.of());
    TestJourney stopped = OperationsModels.twoSteps(repository, Map.of());
    ProcessInstance instance = start(stopped);
    pause(resumed, "{\"maxPause\": \"PT1H\"}");
    pause(stopped, "{\"maxPause\": \"PT2H\", \"onMaxPause\": \"stop\"}");
    backdatePause(resumed, 59); // not yet
    watch.endExpiredPauses();
    mvc.perform(get("/api/journeys/" + resumed.key()))
        .andExpect(jsonPath("$.state").value("paused"));

    backdatePause(resumed, 61);
    backdatePause(stopped, 121);
    watch.endExpiredPauses();
    mvc.perform(get("/api/journeys/" + resumed.key()))
        .andExpect(jsonPath("$.state").value("running"));
    mvc.perform(get("/api/journeys/" + stopped.key()))
        .andExpect(jsonPath("$.state").value("stopped"));
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count())
        .isZero();
    mvc.perform(get("/api/journeys/" + stopped.key() + "/audit"))
        .andExpect(jsonPath("$[0].actor").value(OperationsAudit.SYSTEM))
        .andExpect(jsonPath("$[0].action").value("stop"))
        .andExpect(
            jsonPath("$[0].detail")
                .value("instances=1, heldEntries=0; reason: maximum pause PT2H reached"));
  }

  private ProcessInstance start(TestJourney j) throws Exception {
    return OperationsModels.enter(mvc, runtime, j);
  }

  private void pause(TestJourney j, String body) throws Exception {
    mvc.perform(
            post("/api/journeys/" + j.key() + "/pause")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isOk());
  }

  private Instant pausedAt(TestJourney j) {
    return jdbc.queryForObject(
            "select paused_at from journey_control where process_key = ?", Timestamp.class, j.key())
        .toInstant();
  }

  private void backdatePause(TestJourney j, int minutesAgo) {
    jdbc.update(
        "update journey_control set paused_at = ? where process_key = ?",
        Timestamp.from(Instant.now().minusSeconds(60L * minutesAgo)),
        j.key());
  }

  private Job timerOf(ProcessInstance instance) {
    return management.createJobQuery().processInstanceId(instance.getId()).timers().singleResult();
  }
}
