package io.journeys.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.operations.OperationsModels.TestJourney;
import io.journeys.support.IntegrationTestSupport;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Pause and resume on PostgreSQL with the job executor running, through the HTTP API: events for a
 * paused instance are held (the engine would drop them) and replayed in their order, an entry
 * during the pause starts on resume, and a waiting timer moves by exactly the pause.
 */
class JourneyPauseIntegrationTest extends IntegrationTestSupport {

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void eventsDuringAPauseAreReplayedInOrderHeldEntriesStartAndTimersShift() throws Exception {
    TestJourney j = OperationsModels.twoSteps(repository, Map.of("owner", "ops"));
    String stepping = contact();
    String waiting = contact();
    String arriving = contact();
    events(
        OperationsModels.eventJson(j.start(), stepping),
        OperationsModels.eventJson(j.start(), waiting));
    ProcessInstance steps = instanceOf(j, stepping);
    ProcessInstance waits = instanceOf(j, waiting);
    Date timerBefore = timerOf(waits).getDuedate();

    JsonNode paused = post("/api/journeys/" + j.key() + "/pause", "{\"timerPolicy\": \"shift\"}");
    assertThat(paused.get("state").asText()).isEqualTo("paused");
    events(OperationsModels.eventJson(j.first(), stepping));
    events(
        OperationsModels.eventJson(j.second(), stepping),
        OperationsModels.eventJson(j.start(), arriving));
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .processInstanceId(steps.getId())
                .activityIdIn("Gateway_FirstOrTimeout")
                .singleResult()
                .isSuspended())
        .isTrue();
    JsonNode during = get("/api/journeys/" + j.key());
    assertThat(during.get("held").get("messages").asLong()).isEqualTo(2);
    assertThat(during.get("held").get("entries").asLong()).isEqualTo(1);

    JsonNode resumed = post("/api/journeys/" + j.key() + "/resume", "{}");
    assertThat(resumed.get("messagesDelivered").asInt()).isEqualTo(2);
    assertThat(resumed.get("entriesStarted").asInt()).isEqualTo(1);
    Duration pause = Duration.parse(resumed.get("pausedFor").asText());
    assertThat(resumed.get("timers").get("shiftedBy").asText()).isEqualTo(pause.toString());

    assertThat(OperationsModels.endedAt(history, steps.getId())).isEqualTo("EndEvent_Done");
    assertThat(instanceOf(j, arriving).isSuspended()).isFalse();
    assertThat(Duration.between(timerBefore.toInstant(), timerOf(waits).getDuedate().toInstant()))
        .isEqualTo(pause);
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .processInstanceId(waits.getId())
                .singleResult()
                .isSuspended())
        .isFalse();
    JsonNode audit = get("/api/journeys/" + j.key() + "/audit");
    assertThat(audit.get(0).get("action").asText()).isEqualTo("resume");
    assertThat(audit.get(0).get("actor").asText()).isEqualTo(ADMIN_USER);
  }

  private org.camunda.bpm.engine.runtime.Job timerOf(ProcessInstance instance) {
    return management.createJobQuery().processInstanceId(instance.getId()).timers().singleResult();
  }

  private ProcessInstance instanceOf(TestJourney j, String contact) {
    return OperationsModels.instanceOf(runtime, j, contact);
  }

  private String contact() {
    String id = "c-pause-" + UUID.randomUUID();
    ResponseEntity<String> put =
        rest.exchange(
            "/api/contacts/" + id,
            HttpMethod.PUT,
            new HttpEntity<>("{\"email\": \"" + id + "@example.com\"}", jsonHeaders()),
            String.class);
    assertThat(put.getStatusCode().is2xxSuccessful()).as(put.getBody()).isTrue();
    return id;
  }

  /** Posts these events in one batch. */
  private JsonNode events(String... events) throws Exception {
    return post("/api/events", "[" + String.join(",", events) + "]");
  }

  private JsonNode post(String path, String body) throws Exception {
    ResponseEntity<String> response =
        rest.postForEntity(path, new HttpEntity<>(body, jsonHeaders()), String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
    return json.readTree(response.getBody());
  }

  private JsonNode get(String path) throws Exception {
    ResponseEntity<String> response = rest.getForEntity(path, String.class);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(response.getBody());
  }

  private static HttpHeaders jsonHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }
}
