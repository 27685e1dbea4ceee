package io.journeys.operations;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.operations.OperationsModels.TestJourney;
import io.journeys.support.IntegrationTestSupport;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The operator's walkthrough of docs/operations.md ("Step by step") on PostgreSQL with the job
 * executor running, through the HTTP API: roll out to 10 % of one region, pause when an alert
 * fires, switch to manual mode and resume (a due send becomes a task with the rendered message),
 * ship a fixed version and move the running contacts onto it, back to automatic. And a trial run:
 * sends to the sandbox, marked instances, timers shortened.
 */
class OperatorWalkthroughIntegrationTest extends IntegrationTestSupport {

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired TaskService tasks;
  @Autowired JourneyActions journeyActions;
  @Autowired ManualMode manualMode;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void rollOutPauseManualFixedVersionMigrationAndBack() throws Exception {
    // 1. the journey names its owner in the BPMN
    TestJourney j =
        OperationsModels.sendWaitSend(
            repository, null, "P3D", Map.of("owner", "会员运营-李*", "goalKpi", "复购率提升15%"));
    assertThat(get("/api/journeys/" + j.key()).at("/metadata/owner").asText()).isEqualTo("会员运营-李*");

    // 2. 10 % of 华东: two contacts inside, one of 华东 outside the 10 %, one of 华北
    List<String> inside = new ArrayList<>();
    String outsidePercent = null;
    String otherRegion = null;
    while (inside.size() < 2 || outsidePercent == null || otherRegion == null) {
      String id = "c-walk-" + UUID.randomUUID();
      boolean in = RolloutBuckets.inside(j.key(), id, BigDecimal.TEN);
      if (in && inside.size() < 2) {
        inside.add(contact(id, "华东"));
      } else if (in && otherRegion == null) {
        otherRegion = contact(id, "华北");
      } else if (!in && outsidePercent == null) {
        outsidePercent = contact(id, "华东");
      }
    }
    send(
        HttpMethod.PUT,
        "/api/journeys/" + j.key() + "/rollout",
        "{\"percent\": 10, \"attribute\": \"region\", \"values\": [\"华东\"]}");
    for (String c : List.of(inside.get(0), inside.get(1), outsidePercent, otherRegion)) {
      send(HttpMethod.POST, "/api/events", "[" + OperationsModels.eventJson(j.start(), c) + "]");
    }
    waitFor("the first send to " + inside)
        .until(() -> messages(inside.get(0)) == 1 && messages(inside.get(1)) == 1);
    JsonNode journey = get("/api/journeys/" + j.key());
    assertThat(journey.at("/notEntered/outside rollout: 10 %").asLong()).isEqualTo(1);
    assertThat(journey.at("/notEntered/outside rollout: region not in [华东]").asLong()).isEqualTo(1);
    ProcessInstance first = instanceOf(j, inside.get(0));
    ProcessInstance second = instanceOf(j, inside.get(1));

    // 3. an alert fires: analytics pauses through the published pause
    assertThat(journeyActions.pause(j.key(), "SMS failure rate 7 %")).isTrue();
    assertThat(get("/api/journeys/" + j.key()).get("state").asText()).isEqualTo("paused");

    // 4. manual mode, then resume: the wait of the first contact falls due, its send is a task
    assertThat(
            send(HttpMethod.PUT, "/api/journeys/" + j.key() + "/mode", "{\"mode\": \"manual\"}")
                .get("mode")
                .asText())
        .isEqualTo("manual");
    send(HttpMethod.POST, "/api/journeys/" + j.key() + "/resume", "{}");
    dueNow(first);
    waitFor("the second send of " + first.getId() + " due")
        .until(
            () ->
                !management
                    .createJobQuery()
                    .processInstanceId(first.getId())
                    .activityId("Task_SendSecond")
                    .list()
                    .isEmpty());
    manualMode.sweep();
    Task task =
        tasks
            .createTaskQuery()
            .processDefinitionKey(ManualTasks.PROCESS)
            .processVariableValueEquals("journeyInstanceId", first.getId())
            .singleResult();
    assertThat(tasks.getVariables(task.getId()))
        .containsEntry("recipient", inside.get(0) + "@example.com")
        .containsKey("bodyExcerpt");
    send(
        HttpMethod.POST,
        "/api/journeys/" + j.key() + "/manual-sends/" + task.getId(),
        "{\"outcome\": \"sent-by-hand\"}");
    waitFor(first.getId() + " ended")
        .until(
            () ->
                runtime.createProcessInstanceQuery().processInstanceId(first.getId()).count() == 0);
    assertThat(messages(inside.get(0))).as("sent by hand, not by Journeys").isEqualTo(1);

    // 5. ship a fixed version (a shorter wait) and move the running contact onto it
    OperationsModels.sendWaitSend(repository, j, "P1D", Map.of("owner", "会员运营-李*"));
    JsonNode dryRun =
        send(HttpMethod.POST, "/api/journeys/" + j.key() + "/migrations", "{\"dryRun\": true}");
    assertThat(dryRun.get("mappable").asInt()).isEqualTo(1);
    JsonNode migrated =
        send(
            HttpMethod.POST,
            "/api/journeys/" + j.key() + "/migrations",
            "{\"dryRun\": false, \"timerPolicy\": \"update\"}");
    assertThat(migrated.get("migrated").asInt()).isEqualTo(1);
    assertThat(
            repository
                .getProcessDefinition(
                    runtime
                        .createProcessInstanceQuery()
                        .processInstanceId(second.getId())
                        .singleResult()
                        .getProcessDefinitionId())
                .getVersion())
        .isEqualTo(2);

    // 6. back to automatic: the pending send goes out
    send(HttpMethod.PUT, "/api/journeys/" + j.key() + "/mode", "{\"mode\": \"automatic\"}");
    dueNow(second);
    waitFor("the second send to " + inside.get(1)).until(() -> messages(inside.get(1)) == 2);
    List<String> actions = new ArrayList<>();
    get("/api/journeys/" + j.key() + "/audit").forEach(a -> actions.add(a.get("action").asText()));
    assertThat(actions)
        .containsSubsequence("mode", "migration", "resume", "mode", "pause", "rollout");
  }

  @Test
  void aTrialRunSendsToTheSandboxMarksItsInstancesAndShortensTheirTimers() throws Exception {
    TestJourney j = OperationsModels.sendWaitSend(repository, null, "P1D", Map.of());
    String a = contact("c-trial-" + UUID.randomUUID(), "华东");
    String b = contact("c-trial-" + UUID.randomUUID(), "华东");
    JsonNode trial =
        send(
            HttpMethod.POST,
            "/api/journeys/" + j.key() + "/trials",
            "{\"contactIds\": [\""
                + a
                + "\", \""
                + b
                + "\", \"c-trial-nobody\"], \"timerFactor\": 1440}");
    assertThat(trial.get("started").asInt()).isEqualTo(2);
    assertThat(trial.at("/notStarted/unknown contact").asInt()).isEqualTo(1);
    ProcessInstance pi = instanceOf(j, a);
    assertThat(runtime.getVariable(pi.getId(), "journeyTrial")).isEqualTo(true);

    waitFor("the trial timer of " + pi.getId())
        .until(
            () -> management.createJobQuery().processInstanceId(pi.getId()).timers().count() == 1);
    Instant now = Instant.now();
    waitFor("the shortened trial timer of " + pi.getId())
        .until(
            () -> {
              Job timer =
                  management.createJobQuery().processInstanceId(pi.getId()).timers().singleResult();
              return timer != null
                  && timer.getDuedate().toInstant().isBefore(now.plus(Duration.ofMinutes(2)));
            });
    assertThat(
            jdbc.queryForObject(
                "select status from message where process_instance_id = ?",
                String.class,
                pi.getId()))
        .as("a trial send goes to the sandbox")
        .isEqualTo("SANDBOX");
    JsonNode status = get("/api/journeys/" + j.key() + "/trials/" + trial.get("id").asText());
    assertThat(status.get("running").asInt()).isEqualTo(2);
    assertThat(status.at("/instances/0/activities/0").asText()).isEqualTo("Event_Wait");
    assertThat(
            send(
                    HttpMethod.POST,
                    "/api/journeys/" + j.key() + "/trials",
                    "{\"contactIds\": [], \"timerFactor\": 0}",
                    400)
                .get("details")
                .size())
        .isEqualTo(2);
  }

  private void dueNow(ProcessInstance instance) {
    Job timer =
        management.createJobQuery().processInstanceId(instance.getId()).timers().singleResult();
    management.setJobDuedate(timer.getId(), Date.from(Instant.now().minusSeconds(1)));
  }

  private long messages(String contactId) {
    return jdbc.queryForObject(
        "select count(*) from message where contact_id = ? and status in ('SENT', 'SANDBOX')",
        Long.class,
        contactId);
  }

  private ProcessInstance instanceOf(TestJourney j, String contact) {
    return OperationsModels.instanceOf(runtime, j, contact);
  }

  private String contact(String id, String region) {
    ResponseEntity<String> put =
        rest.exchange(
            "/api/contacts/" + id,
            HttpMethod.PUT,
            new HttpEntity<>(
                "{\"email\": \""
                    + id
                    + "@example.com\", \"consent\": {\"email\": true}, \"attributes\":"
                    + " {\"region\": \""
                    + region
                    + "\"}}",
                jsonHeaders()),
            String.class);
    assertThat(put.getStatusCode().is2xxSuccessful()).as(put.getBody()).isTrue();
    return id;
  }

  private JsonNode send(HttpMethod method, String path, String body) throws Exception {
    return send(method, path, body, 0);
  }

  private JsonNode send(HttpMethod method, String path, String body, int expected)
      throws Exception {
    ResponseEntity<String> response =
        rest.exchange(path, method, new HttpEntity<>(body, jsonHeaders()), String.class);
    if (expected == 0) {
      assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
    } else {
      assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(expected);
    }
    return json.readTree(response.getBody() == null ? "{}" : response.getBody());
  }

  private JsonNode get(String path) throws Exception {
    ResponseEntity<String> response = rest.getForEntity(path, String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
    return json.readTree(response.getBody());
  }

  private static HttpHeaders jsonHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }
}
