package io.journeys.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import io.journeys.operations.OperationsModels.TestJourney;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Version migration through the API on H2: a dry run reports the instance that waits in an activity
 * the new version lacks, the execution moves the others and leaves it where it is.
 */
@H2SpringTest
class JourneyMigrationsApiTest {

  @Autowired MockMvc mvc;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;

  @Test
  void aDryRunReportsTheUnmappableInstanceThenTheExecutionMovesTheRest() throws Exception {
    TestJourney j = OperationsModels.twoSteps(repository, Map.of());
    ProcessInstance atGateway = start(j);
    ProcessInstance atSecond = start(j);
    event(j.first(), atSecond.getBusinessKey());
    OperationsModels.twoStepsRenamed(repository, j);

    mvc.perform(
            post("/api/journeys/" + j.key() + "/migrations")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"dryRun\": true}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.targetVersion").value(2))
        .andExpect(jsonPath("$.mappable").value(1))
        .andExpect(jsonPath("$.unmappable").value(1))
        .andExpect(jsonPath("$.migrated").value(0))
        .andExpect(
            jsonPath("$.instances[?(@.processInstanceId=='" + atSecond.getId() + "')].reason")
                .value("no activity of version 2 for [Event_Second]"));
    assertThat(version(atGateway)).isEqualTo(1);

    mvc.perform(
            post("/api/journeys/" + j.key() + "/migrations")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"dryRun\": false}"))
        .andExpect(jsonPath("$.migrated").value(1));
    assertThat(version(atGateway)).isEqualTo(2);
    assertThat(version(atSecond)).isEqualTo(1);
    mvc.perform(get("/api/journeys/" + j.key() + "/audit"))
        .andExpect(jsonPath("$[0].action").value("migration"))
        .andExpect(
            jsonPath("$[0].detail")
                .value("to version 2, timerPolicy=keep, migrated=1, unmappable=1"));
    mvc.perform(
            post("/api/journeys/" + j.key() + "/migrations")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"timerPolicy\": \"later\"}"))
        .andExpect(status().isBadRequest());
  }

  @Test
  void aMigrationThatWouldMoveContactsBetweenExperimentArmsIsRefused() throws Exception {
    TestJourney j = OperationsModels.abSplit(repository, null, false);
    java.util.List<ProcessInstance> instances = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      instances.add(start(j));
    }
    OperationsModels.abSplit(repository, j, true);

    for (boolean dryRun : new boolean[] {true, false}) {
      mvc.perform(
              post("/api/journeys/" + j.key() + "/migrations")
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{\"dryRun\": " + dryRun + "}"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.mappable").value(0))
          .andExpect(jsonPath("$.unmappable").value(6))
          .andExpect(jsonPath("$.migrated").value(0));
    }
    for (ProcessInstance pi : instances) {
      String arm = (String) runtime.getVariable(pi.getId(), "experimentArm");
      String other = arm.equals("control") ? "variant" : "control";
      String waits = arm.equals("control") ? "Event_Control" : "Event_Variant";
      mvc.perform(
              post("/api/journeys/" + j.key() + "/migrations")
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{}"))
          .andExpect(
              jsonPath("$.instances[?(@.processInstanceId=='" + pi.getId() + "')].reason")
                  .value(
                      "would move the contact from arm "
                          + arm
                          + " to arm "
                          + other
                          + " of experiment "
                          + j.key()
                          + " (at "
                          + waits
                          + ")"));
      assertThat(version(pi)).isEqualTo(1);
    }
  }

  private int version(ProcessInstance instance) {
    String definitionId =
        runtime
            .createProcessInstanceQuery()
            .processInstanceId(instance.getId())
            .singleResult()
            .getProcessDefinitionId();
    return repository.getProcessDefinition(definitionId).getVersion();
  }

  private ProcessInstance start(TestJourney j) throws Exception {
    return OperationsModels.enter(mvc, runtime, j);
  }

  private void event(String type, String contact) throws Exception {
    OperationsModels.event(mvc, type, contact);
  }
}
