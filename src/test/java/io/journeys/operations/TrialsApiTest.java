package io.journeys.operations;

import static io.journeys.support.ErrorBodies.errorBody;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import io.journeys.operations.OperationsModels.TestJourney;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The refusals of {@code /api/journeys/{key}/trials} on H2, each with its whole error body: no seed
 * contact configured, an unknown trial or journey, a paused journey. (Trial runs themselves:
 * OperatorWalkthroughIntegrationTest.)
 */
@H2SpringTest
class TrialsApiTest {

  @Autowired MockMvc mvc;
  @Autowired RepositoryService repository;

  @Test
  void seedsWithoutASeedContactAnswer400() throws Exception {
    TestJourney j = OperationsModels.twoSteps(repository, Map.of());
    trial(j.key(), "{\"contactIds\": [\"" + contact() + "\"], \"sends\": \"seeds\"}")
        .andExpect(status().isBadRequest())
        .andExpect(
            errorBody(
                "invalid trial",
                "[{\"field\": \"sends\", \"reason\":"
                    + " \"no seed contact configured (journeys.operations.trial.seed-contact)\"}]"));
  }

  @Test
  void anUnknownTrialOrJourneyAnswers404() throws Exception {
    TestJourney j = OperationsModels.twoSteps(repository, Map.of());
    mvc.perform(get("/api/journeys/" + j.key() + "/trials/no-such-trial"))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no trial no-such-trial"));
    mvc.perform(get("/api/journeys/no-such-journey/trials/no-such-trial"))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no journey no-such-journey"));
    trial("no-such-journey", "{\"contactIds\": [\"x\"]}")
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no journey no-such-journey"));
  }

  @Test
  void aPausedJourneyRefusesATrialWith409() throws Exception {
    TestJourney j = OperationsModels.twoSteps(repository, Map.of());
    mvc.perform(post("/api/journeys/" + j.key() + "/pause")).andExpect(status().isOk());
    trial(j.key(), "{\"contactIds\": [\"" + contact() + "\"]}")
        .andExpect(status().isConflict())
        .andExpect(errorBody("journey is paused"));
  }

  private ResultActions trial(String key, String body) throws Exception {
    return mvc.perform(
        post("/api/journeys/" + key + "/trials")
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }

  private String contact() throws Exception {
    String id = "c-trial-" + UUID.randomUUID();
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"" + id + "@example.com\"}"))
        .andExpect(status().isCreated());
    return id;
  }
}
