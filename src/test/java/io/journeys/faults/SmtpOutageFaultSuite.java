package io.journeys.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.journeys.support.IntegrationTestSupport;
import io.journeys.support.MessageStatuses;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * SMTP down, then back (docs/hardening.md, fault suite): the relay (GreenMail) is stopped while a
 * journey's emails are due. Intended: every send fails plainly (connection refused: never in doubt,
 * nothing reaches a relay), is retried by its task's retry cycle (here {@code R3/PT1S}, the models'
 * {@code camunda:failedJobRetryTimeCycle} shortened in this suite's journey) and then becomes an
 * incident; once the relay is back, an operator retries the failed jobs through the engine REST API
 * (what Cockpit's Retry calls) and every journey sends both its emails, each exactly once at the
 * relay (counted by Message-ID, which is derived from the idempotency key). Prints intended vs
 * observed.
 */
class SmtpOutageFaultSuite extends IntegrationTestSupport {

  static final int CONTACTS = Integer.getInteger("faults.smtp.contacts", 40);
  static final String PROCESS = "faults-smtp-outage";
  static final int TRIES = 3;

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final Set<String> instances = ConcurrentHashMap.newKeySet();

  @Test
  void sendsRetryThenBecomeIncidentsAndARetryAfterTheRelayIsBackSendsEachOnce() throws Exception {
    repository.createDeployment().addModelInstance(PROCESS + ".bpmn", journey()).deploy();
    List<String> contacts = new ArrayList<>();
    for (int i = 0; i < CONTACTS; i++) {
      String contactId = "c-smtp-out-" + run + "-" + i;
      putContact(contactId, contactId + "@example.com");
      contacts.add(contactId);
    }

    greenMail.stop();
    List<Incident> incidents;
    try {
      for (String contactId : contacts) {
        instances.add(
            runtime
                .startProcessInstanceByKey(PROCESS, contactId, Map.of("contactId", contactId))
                .getId());
      }
      incidents =
          await()
              .atMost(Duration.ofSeconds(120))
              .until(this::incidents, found -> found.size() == CONTACTS);
    } finally {
      greenMail.start();
    }
    Map<String, Integer> statuses = MessageStatuses.of(jdbc, "c-smtp-out-" + run + "-");
    Integer attempts =
        jdbc.queryForObject(
            "select coalesce(sum(attempts), 0) from message where contact_id like ?",
            Integer.class,
            "c-smtp-out-" + run + "-%");
    int receivedWhileDown = received().size();
    System.out.printf(
        "SMTP outage: intended %d failed sends after %d tries each, %d incidents, nothing in doubt"
            + " | observed: statuses %s, %d tries, %d incidents, %d emails at the relay%n",
        CONTACTS, TRIES, CONTACTS, statuses, attempts, incidents.size(), receivedWhileDown);
    assertThat(statuses).containsOnlyKeys("FAILED").containsEntry("FAILED", CONTACTS);
    assertThat(attempts).isEqualTo(CONTACTS * TRIES);
    assertThat(incidents)
        .allSatisfy(i -> assertThat(i.getIncidentMessage()).startsWith("SMTP delivery failed"));
    assertThat(receivedWhileDown).isZero();

    // the relay is back: the operator retries each failed job (Cockpit's Retry)
    for (Incident incident : incidents) {
      ResponseEntity<String> retried =
          rest.exchange(
              "/engine-rest/job/" + incident.getConfiguration() + "/retries",
              HttpMethod.PUT,
              new HttpEntity<>("{\"retries\":1}", json()),
              String.class);
      assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                runtime
                    .createExecutionQuery()
                    .processDefinitionKey(PROCESS)
                    .activityId("Task_Wait")
                    .list()
                    .stream()
                    .filter(e -> instances.contains(e.getProcessInstanceId()))
                    .count(),
            waiting -> waiting == CONTACTS);

    Map<String, Integer> byMessageId = new HashMap<>();
    for (MimeMessage mail : received()) {
      byMessageId.merge(mail.getMessageID(), 1, Integer::sum);
    }
    long duplicates = byMessageId.values().stream().filter(n -> n > 1).count();
    Map<String, Integer> after = MessageStatuses.of(jdbc, "c-smtp-out-" + run + "-");
    System.out.printf(
        "SMTP back: intended %d emails, each once, 0 incidents | observed: %d at the relay (%d"
            + " distinct, %d duplicated), statuses %s, %d incidents left%n",
        2 * CONTACTS,
        byMessageId.values().stream().mapToInt(Integer::intValue).sum(),
        byMessageId.size(),
        duplicates,
        after,
        incidents().size());
    assertThat(byMessageId).hasSize(2 * CONTACTS);
    assertThat(duplicates).isZero();
    assertThat(after).containsOnlyKeys("SENT").containsEntry("SENT", 2 * CONTACTS);
    assertThat(incidents()).isEmpty();
  }

  /** Two emails in a row, each a channel task as the models have them, then a wait. */
  private static BpmnModelInstance journey() {
    return Bpmn.createExecutableProcess(PROCESS)
        .camundaHistoryTimeToLive(1)
        .startEvent()
        .serviceTask("Task_Welcome")
        .camundaAsyncBefore()
        .camundaFailedJobRetryTimeCycle("R" + TRIES + "/PT1S")
        .camundaDelegateExpression("${sendMessageDelegate}")
        .camundaInputParameter("channel", "email")
        .camundaInputParameter("template", "onboarding-welcome")
        .serviceTask("Task_Again")
        .camundaAsyncBefore()
        .camundaFailedJobRetryTimeCycle("R" + TRIES + "/PT1S")
        .camundaDelegateExpression("${sendMessageDelegate}")
        .camundaInputParameter("channel", "email")
        .camundaInputParameter("template", "onboarding-welcome")
        .userTask("Task_Wait")
        .endEvent()
        .done();
  }

  private List<Incident> incidents() {
    return runtime.createIncidentQuery().processDefinitionKeyIn(PROCESS).list().stream()
        .filter(i -> instances.contains(i.getProcessInstanceId()))
        .toList();
  }

  private List<MimeMessage> received() throws Exception {
    List<MimeMessage> mine = new ArrayList<>();
    for (MimeMessage mail : greenMail.getReceivedMessages()) {
      if (mail.getAllRecipients()[0].toString().startsWith("c-smtp-out-" + run + "-")) {
        mine.add(mail);
      }
    }
    return mine;
  }

  private void putContact(String contactId, String email) {
    ResponseEntity<String> put =
        rest.exchange(
            "/api/contacts/" + contactId,
            HttpMethod.PUT,
            new HttpEntity<>(
                "{\"email\":\"" + email + "\",\"firstName\":\"Ann\",\"locale\":\"en\"}", json()),
            String.class);
    assertThat(put.getStatusCode().is2xxSuccessful()).isTrue();
  }

  private static HttpHeaders json() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }
}
