package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.contact.H2SpringTest;
import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The journey feature inside the whole application (embedded shape, in-memory H2): the models and
 * forms are deployed from the classpath, and a stored event starts its journey through the real
 * event intake and {@link JourneyCorrelator}.
 */
@H2SpringTest
class JourneyWiringTest {

  @Autowired EventIntake intake;
  @Autowired RuntimeService runtime;
  @Autowired RepositoryService repository;
  @Autowired RecentActivity recentActivity;

  @Test
  void everyJourneyIsDeployedWithItsForms() {
    assertThat(repository.createProcessDefinitionQuery().latestVersion().list())
        .extracting(ProcessDefinition::getKey)
        .contains(
            JourneyConstants.PROCESS_LEAD_NURTURING,
            JourneyConstants.PROCESS_CART_ABANDONMENT,
            JourneyConstants.PROCESS_NEW_MEMBER_ONBOARDING,
            JourneyConstants.PROCESS_DORMANT_WIN_BACK);
    ProcessDefinition lead =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_LEAD_NURTURING)
            .latestVersion()
            .singleResult();
    assertThat(repository.getDeploymentResourceNames(lead.getDeploymentId()))
        .anyMatch(name -> name.endsWith("forms/hand-to-sales.form"))
        .anyMatch(name -> name.endsWith("forms/wecom-care.form"));
  }

  @Test
  void aStoredEventStartsItsJourneyOnceAndTheEventShowsAsRecentActivity() {
    String contactId = "c-wiring-" + UUID.randomUUID();
    intake.ingest(List.of(formSubmitted(contactId), formSubmitted(contactId)));

    List<ProcessInstance> instances =
        runtime
            .createProcessInstanceQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_LEAD_NURTURING)
            .processInstanceBusinessKey(contactId)
            .list();
    assertThat(instances).hasSize(1);
    assertThat(runtime.getVariables(instances.get(0).getId()))
        .containsEntry("contactId", contactId)
        .containsEntry("source", "whitepaper");
    assertThat(runtime.getActiveActivityIds(instances.get(0).getId()))
        .containsExactly("Task_SendWelcomeEmail");
    assertThat(recentActivity.latest(contactId, 5))
        .extracting(RecentActivity.Entry::type)
        .containsExactly(EventTypes.FORM_SUBMITTED, EventTypes.FORM_SUBMITTED);
  }

  private static IncomingEvent formSubmitted(String contactId) {
    return new IncomingEvent(
        UUID.randomUUID().toString(),
        EventTypes.FORM_SUBMITTED,
        contactId,
        contactId + "@example.com",
        null,
        OffsetDateTime.parse("2026-11-23T08:15:00Z"),
        Map.of("formId", "whitepaper", "fields", Map.of("company", "ACME")));
  }
}
