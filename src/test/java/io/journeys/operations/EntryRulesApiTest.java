package io.journeys.operations;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import io.journeys.journey.JourneyConstants;
import io.journeys.operations.OperationsModels.TestJourney;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Entry rules through the API on H2: a segment as rollout filter (a contact outside is recorded as
 * not entered with the reason) and the run window from the BPMN metadata (an entry outside it is
 * refused and recorded, the window shown by the API).
 */
@H2SpringTest
class EntryRulesApiTest {

  @Autowired MockMvc mvc;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aSegmentInTheRolloutLetsItsMembersInAndRecordsTheOthers() throws Exception {
    TestJourney j = OperationsModels.twoSteps(repository, Map.of());
    String member = contact("in-" + run);
    String other = contact("out");
    String segment = "ops-seg-" + run;
    mvc.perform(
            post("/api/segments")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"key\":\""
                        + segment
                        + "\",\"name\":\"Trial list\",\"definition\":{\"field\":\"email\","
                        + "\"op\":\"contains\",\"value\":\"in-"
                        + run
                        + "\"}}"))
        .andExpect(status().isCreated());
    rebuild(segment);

    mvc.perform(
            put("/api/journeys/" + j.key() + "/rollout")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"segment\": \"no-such-" + run + "\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details[0].field").value("segment"));
    mvc.perform(
            put("/api/journeys/" + j.key() + "/rollout")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"segment\": \"" + segment + "\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.rollout.segment").value(segment))
        .andExpect(jsonPath("$.rollout.description").value("segment " + segment));
    event(j.start(), member);
    event(j.start(), other);

    org.assertj.core.api.Assertions.assertThat(instanceOf(j, member)).isNotNull();
    org.assertj.core.api.Assertions.assertThat(instanceOf(j, other)).isNull();
    mvc.perform(get("/api/journeys/" + j.key() + "/not-entered"))
        .andExpect(jsonPath("$.length()").value(1))
        .andExpect(jsonPath("$[0].contactId").value(other))
        .andExpect(jsonPath("$[0].reason").value("outside rollout: not in segment " + segment));
  }

  @Test
  void anEntryOutsideTheRunWindowIsRefusedAndRecorded() throws Exception {
    TestJourney over =
        OperationsModels.twoSteps(repository, Map.of("runWindow", "2020-01-01/2020-12-31"));
    TestJourney open = OperationsModels.twoSteps(repository, Map.of("runWindow", "2020-01-01/.."));
    TestJourney prose = OperationsModels.twoSteps(repository, Map.of("runWindow", "weekdays"));
    String contact = contact("window");

    event(over.start(), contact);
    event(open.start(), contact);
    event(prose.start(), contact);

    org.assertj.core.api.Assertions.assertThat(instanceOf(over, contact)).isNull();
    org.assertj.core.api.Assertions.assertThat(instanceOf(open, contact)).isNotNull();
    org.assertj.core.api.Assertions.assertThat(instanceOf(prose, contact)).isNotNull();
    mvc.perform(get("/api/journeys/" + over.key()))
        .andExpect(jsonPath("$.metadata.runWindow").value("2020-01-01/2020-12-31"))
        .andExpect(jsonPath("$.runWindow.state").value("closed"))
        .andExpect(jsonPath("$.runWindow.until").value("2020-12-31T16:00:00Z"))
        .andExpect(
            jsonPath("$.notEntered['outside run window 2020-01-01/2020-12-31 (closed)']").value(1));
    mvc.perform(get("/api/journeys/" + open.key()))
        .andExpect(jsonPath("$.runWindow.state").value("open"));
    mvc.perform(get("/api/journeys/" + prose.key()))
        .andExpect(jsonPath("$.runWindow.state").value("not enforced (no ISO-8601 interval)"));
  }

  private void rebuild(String segment) {
    for (int jobs = 0; jobs < 1000; jobs++) {
      ProcessInstance pass =
          runtime
              .createProcessInstanceQuery()
              .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
              .variableValueEquals(JourneyConstants.VAR_SCAN_SEGMENTS, segment)
              .listPage(0, 1)
              .stream()
              .findFirst()
              .orElse(null);
      if (pass == null) {
        return;
      }
      management.executeJob(
          management.createJobQuery().processInstanceId(pass.getId()).singleResult().getId());
    }
  }

  private ProcessInstance instanceOf(TestJourney j, String contact) {
    return OperationsModels.instanceOf(runtime, j, contact);
  }

  private String contact(String tag) throws Exception {
    String id = "c-ops-" + UUID.randomUUID();
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"" + tag + "-" + id + "@example.com\"}"))
        .andExpect(status().isCreated());
    return id;
  }

  private void event(String type, String contact) throws Exception {
    OperationsModels.event(mvc, type, contact);
  }
}
