package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.contact.H2SpringTest;
import io.journeys.event.EventHistory;
import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import io.journeys.event.StoredEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The seed journeys inside the application: the new models, the decision table and the form are
 * deployed, seed 001's cart variant in bpmn/alternatives/ is not (a cart starts one journey), and
 * {@link EventHistory} reads what the intake stored.
 */
@H2SpringTest
class SeedJourneysWiringTest {

  @Autowired RepositoryService repository;
  @Autowired EventIntake intake;
  @Autowired EventHistory history;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;

  @Test
  void readContactStoresTheTagsListAndTheOrderCountsInTheApplicationsEngine() {
    String contactId = "c-inactive-" + UUID.randomUUID();
    intake.ingest(
        List.of(
            event(
                contactId,
                EventTypes.ORDER_PLACED,
                "2026-10-01T08:00:00Z",
                Map.of("orderId", "o-1")),
            event(
                contactId,
                JourneyConstants.MSG_SEGMENT_INACTIVE_ENTERED,
                "2026-11-23T08:00:00Z",
                Map.of())));
    ProcessInstance pi =
        runtime
            .createProcessInstanceQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_DORMANT_REACTIVATION)
            .processInstanceBusinessKey(contactId)
            .singleResult();
    Job read = management.createJobQuery().processInstanceId(pi.getId()).messages().singleResult();

    management.executeJob(read.getId());

    assertThat(runtime.getVariables(pi.getId()))
        .containsEntry("tags", List.of())
        .containsEntry("ordersTotal", 1)
        .containsKey("bestChannel")
        .containsKey("watchedProducts");
    runtime.deleteProcessInstance(pi.getId(), "test over");
  }

  @Test
  void theSeedJourneysTheirDecisionTableAndFormAreDeployedButNotTheCartVariant() {
    assertThat(repository.createProcessDefinitionQuery().latestVersion().list())
        .extracting(ProcessDefinition::getKey)
        .contains(JourneyConstants.PROCESS_DORMANT_REACTIVATION)
        .doesNotContain(JourneyConstants.PROCESS_CART_ABANDONMENT_PAYMENT_REMINDER);
    assertThat(
            repository
                .createDecisionDefinitionQuery()
                .decisionDefinitionKey("content-by-profile")
                .latestVersion()
                .count())
        .isEqualTo(1);
    ProcessDefinition reactivation =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_DORMANT_REACTIVATION)
            .latestVersion()
            .singleResult();
    assertThat(repository.getDeploymentResourceNames(reactivation.getDeploymentId()))
        .anyMatch(name -> name.endsWith("forms/customer-service-follow-up.form"))
        .anyMatch(name -> name.endsWith("dmn/content-by-profile.dmn"));

    assertThat(new StartDefinitions(repository).startedBy(EventTypes.CART_ADDED))
        .extracting(ProcessDefinition::getKey)
        .containsExactly(JourneyConstants.PROCESS_CART_ABANDONMENT);
  }

  @Test
  void eventHistoryCountsAndReadsTheStoredEvents() {
    String contactId = "c-history-" + UUID.randomUUID();
    intake.ingest(
        List.of(
            event(
                contactId,
                EventTypes.ORDER_PLACED,
                "2026-05-01T08:00:00Z",
                Map.of("orderId", "o-1")),
            event(
                contactId,
                EventTypes.ORDER_PLACED,
                "2026-10-01T08:00:00Z",
                Map.of("orderId", "o-2")),
            event(
                contactId,
                EventTypes.PRODUCT_VIEWED,
                "2026-11-22T08:00:00Z",
                Map.of("productId", "p-1", "durationSeconds", 200))));

    assertThat(history.count(contactId, EventTypes.ORDER_PLACED, Instant.EPOCH)).isEqualTo(2);
    assertThat(
            history.count(
                contactId, EventTypes.ORDER_PLACED, Instant.parse("2026-06-01T00:00:00Z")))
        .isEqualTo(1);
    assertThat(history.count("c-nobody", EventTypes.ORDER_PLACED, Instant.EPOCH)).isZero();
    List<StoredEvent> views =
        history.since(contactId, EventTypes.PRODUCT_VIEWED, Instant.EPOCH, 10);
    assertThat(views)
        .singleElement()
        .satisfies(
            view -> {
              assertThat(view.occurredAt()).isEqualTo(Instant.parse("2026-11-22T08:00:00Z"));
              assertThat(view.properties())
                  .containsEntry("productId", "p-1")
                  .containsEntry("durationSeconds", 200);
            });
    assertThat(history.since(contactId, EventTypes.ORDER_PLACED, Instant.EPOCH, 1))
        .extracting(e -> e.properties().get("orderId"))
        .containsExactly("o-2");
  }

  private static IncomingEvent event(
      String contactId, String type, String at, Map<String, Object> properties) {
    return new IncomingEvent(
        UUID.randomUUID().toString(),
        type,
        contactId,
        contactId + "@example.com",
        null,
        OffsetDateTime.parse(at),
        properties);
  }
}
