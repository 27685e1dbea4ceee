package io.journeys.channel;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.IntegrationTestSupport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The delegate in the real engine and job executor: an async channel task whose SMTP relay is down
 * retries, then raises an incident (message FAILED); once the relay is back, retrying the job sends
 * exactly one email and sets {@code lastMessageId}.
 */
class SendMessageDelegateIntegrationTest extends IntegrationTestSupport {

  private static final String PROCESS = "channel-it-send";

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired JavaMailSender mailSender;

  @Test
  void failedSendBecomesIncidentAndRetrySendsOnce() throws Exception {
    deploy();
    String contactId = "c-delegate-" + UUID.randomUUID();
    String email = contactId + "@example.com";
    putContact(contactId, email);
    JavaMailSenderImpl smtp = (JavaMailSenderImpl) mailSender;
    int port = smtp.getPort();

    String instanceId;
    Incident incident;
    smtp.setPort(closedPort());
    try {
      instanceId =
          runtime
              .startProcessInstanceByKey(PROCESS, contactId, Map.of("contactId", contactId))
              .getId();
      incident =
          waitFor("the incident of " + instanceId)
              .until(
                  () -> runtime.createIncidentQuery().processInstanceId(instanceId).singleResult(),
                  i -> i != null);
    } finally {
      smtp.setPort(port);
    }
    assertThat(incident.getIncidentMessage())
        .startsWith("SMTP delivery failed")
        .doesNotContain(email);
    String key = instanceId + ":Task_SendWelcome:0";
    assertThat(
            jdbc.queryForObject(
                "select status from message where idempotency_key = ?", String.class, key))
        .isEqualTo("FAILED");
    assertThat(mailsTo(email)).isEmpty();

    Job job = management.createJobQuery().processInstanceId(instanceId).singleResult();
    management.setJobRetries(job.getId(), 1);

    waitFor(instanceId + " at Task_Wait after the retry")
        .until(
            () ->
                runtime
                        .createExecutionQuery()
                        .processInstanceId(instanceId)
                        .activityId("Task_Wait")
                        .count()
                    == 1);
    String messageId =
        jdbc.queryForObject(
            "select id from message where idempotency_key = ? and status = 'SENT'",
            String.class,
            key);
    assertThat(runtime.getVariable(instanceId, "lastMessageId")).isEqualTo(messageId);
    assertThat(mailsTo(email)).hasSize(1);
    assertThat(runtime.createIncidentQuery().processInstanceId(instanceId).count()).isZero();
  }

  private void deploy() {
    BpmnModelInstance model =
        ChannelFixtures.welcomeEmailJourney(PROCESS, "Task_SendWelcome", "R2/PT1S");
    repository.createDeployment().addModelInstance(PROCESS + ".bpmn", model).deploy();
  }

  private void putContact(String contactId, String email) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    rest.exchange(
        "/api/contacts/" + contactId,
        HttpMethod.PUT,
        new HttpEntity<>(
            "{\"email\":\"" + email + "\",\"firstName\":\"Ann\",\"locale\":\"en\"}", headers),
        String.class);
  }

  private static List<MimeMessage> mailsTo(String email) {
    return List.of(greenMail.getReceivedMessages()).stream()
        .filter(
            m -> {
              try {
                return m.getAllRecipients()[0].toString().contains(email);
              } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
