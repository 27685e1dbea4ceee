package io.journeys.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A {@code tag.added} event from the tag rules starts a journey whose message start event names it,
 * with the contact as business key (issue 12: tag events can start or move journeys).
 */
@ScoringSpringTest
class TagEventJourneyTest {

  @Autowired MockMvc mvc;
  @Autowired TagPass pass;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;

  @Test
  void aTagAddedByTheRulesStartsAJourneyOnTagAdded() throws Exception {
    String key = "tag-journey-" + UUID.randomUUID().toString().substring(0, 8);
    Deployment deployment =
        repository
            .createDeployment()
            .name(key)
            .addModelInstance(
                key + ".bpmn",
                Bpmn.createExecutableProcess(key)
                    .startEvent()
                    .message("tag.added")
                    .userTask("welcome")
                    .endEvent()
                    .done())
            .deploy();
    try {
      String id = "tj-" + UUID.randomUUID();
      mvc.perform(
              put("/api/contacts/" + id)
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{\"email\": \"" + id + "@example.com\"}"))
          .andExpect(status().isCreated());
      assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(key).count()).isZero();

      pass.drain(); // the creation queued the contact: new-member and new are added

      assertThat(
              runtime
                  .createProcessInstanceQuery()
                  .processDefinitionKey(key)
                  .processInstanceBusinessKey(id)
                  .count())
          .as("started by the tag.added event (re-entry rules may refuse the second tag)")
          .isPositive();
    } finally {
      repository.deleteDeployment(deployment.getId(), true);
    }
  }
}
