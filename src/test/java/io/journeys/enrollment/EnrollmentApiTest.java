package io.journeys.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.contact.H2SpringTest;
import io.journeys.journey.EntryRule;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code POST /api/journeys/{key}/enrollments} and {@code GET /api/enrollments/{id}} on the
 * embedded shape, with the application's own worker (it polls every 2 s): a list and a segment
 * enrolled, the skips with their reasons, and the refusals of bad requests.
 */
@H2SpringTest
class EnrollmentApiTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired RepositoryService repository;
  @Autowired TaskService tasks;
  @Autowired EntryRule entries;
  @Autowired ObjectMapper json;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String journey = "enrol-" + run;

  @BeforeEach
  void deployJourney() {
    repository
        .createDeployment()
        .addModelInstance(
            journey + ".bpmn",
            Bpmn.createExecutableProcess(journey)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .message("custom.enrol." + run)
                .userTask("Task_Wait")
                .endEvent()
                .done())
        .deploy();
  }

  @Test
  void aListIsEnrolledOnceEachWithTheSkipsCountedByReason() throws Exception {
    String fresh = contact("fresh");
    String running = contact("running");
    String recent = contact("recent");
    runtime.startProcessInstanceByKey(journey, running);
    assertThat(entries.mayEnter(recent, journey, Instant.now()))
        .isTrue(); // entered a moment ago...
    runtime.startProcessInstanceByKey(journey, recent);
    tasks.complete(
        tasks
            .createTaskQuery()
            .processInstanceBusinessKey(recent)
            .singleResult()
            .getId()); // ...and left

    JsonNode done =
        enrollAndAwait(
            """
        {"contactIds":["%s","%s","%s","%s","%s"]}"""
                .formatted(fresh, running, recent, "nobody-" + run, fresh));

    assertThat(done.get("contacts").asInt()).as("distinct ids").isEqualTo(4);
    assertThat(done.get("enrolled").asInt()).isOne();
    assertThat(done.get("processed").asInt()).isEqualTo(4);
    assertThat(done.get("skippedByReason").get("already-in-journey").asInt()).isOne();
    assertThat(done.get("skippedByReason").get("re-entry-window").asInt()).isOne();
    assertThat(done.get("skippedByReason").get("no-such-contact").asInt()).isOne();
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .processDefinitionKey(journey)
                .processInstanceBusinessKey(fresh)
                .singleResult())
        .isNotNull();
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(journey).count())
        .isEqualTo(2);

    JsonNode again = enrollAndAwait("{\"contactIds\":[\"" + fresh + "\"]}");
    assertThat(again.get("enrolled").asInt()).as("enrolling twice enrolls once").isZero();
    assertThat(again.get("skipped").asInt()).isOne();
  }

  @Test
  void aSegmentsMembersAreEnrolled() throws Exception {
    String a = contact("a");
    String b = contact("b");
    String segment = "enrol-seg-" + run;
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update(
        "insert into segment (segment_key, name, definition, created_at, updated_at) values (?, ?, ?, ?, ?)",
        segment,
        "test",
        "{\"tag\":\"enrol-" + run + "\"}",
        now,
        now);
    for (String member : new String[] {a, b}) {
      jdbc.update(
          "insert into segment_member (segment, contact_id, entered_at) values (?, ?, ?)",
          segment,
          member,
          now);
    }

    JsonNode done = enrollAndAwait("{\"segment\":\"" + segment + "\"}");

    assertThat(done.get("segment").asText()).isEqualTo(segment);
    assertThat(done.get("enrolled").asInt()).isEqualTo(2);
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(journey).list())
        .extracting(pi -> pi.getBusinessKey())
        .containsExactlyInAnyOrder(a, b);
  }

  @Test
  void badRequestsAreRefused() throws Exception {
    enroll(journey, "{}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value("invalid enrollment"));
    enroll(journey, "{\"segment\":\"dormant\",\"contactIds\":[\"x\"]}")
        .andExpect(status().isBadRequest());
    enroll(journey, "{\"segment\":\"no-such-" + run + "\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details[0].field").value("segment"));
    enroll(journey, "{\"contactIds\":[]}").andExpect(status().isBadRequest());
    enroll(journey, "{\"contactIds\":[\"ok\", 7]}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details[0].field").value("contactIds[1]"));
    enroll("no-such-journey-" + run, "{\"contactIds\":[\"x\"]}").andExpect(status().isNotFound());
    mvc.perform(get("/api/enrollments/" + UUID.randomUUID())).andExpect(status().isNotFound());
  }

  private JsonNode enrollAndAwait(String body) throws Exception {
    String id =
        json.readTree(
                enroll(journey, body)
                    .andExpect(status().isAccepted())
                    .andReturn()
                    .getResponse()
                    .getContentAsString())
            .get("enrollmentId")
            .asText();
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                json.readTree(
                    mvc.perform(get("/api/enrollments/" + id))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString()),
            view -> "done".equals(view.get("status").asText()));
  }

  private org.springframework.test.web.servlet.ResultActions enroll(String key, String body)
      throws Exception {
    return mvc.perform(
        post("/api/journeys/" + key + "/enrollments")
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }

  private String contact(String name) {
    String id = "enrol-" + run + "-" + name;
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update("insert into contact (id, created_at, updated_at) values (?, ?, ?)", id, now, now);
    return id;
  }
}
