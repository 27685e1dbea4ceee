package io.journeys.channel;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.contact.Channel;
import io.journeys.support.DeliveryFaults;
import io.journeys.support.IntegrationTestSupport;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Exactly once on real PostgreSQL, SMTP (GreenMail) and the real job executor: a crash injected
 * between the SMTP relay accepting a message and the outbox mark, an SMTP relay that refuses and
 * then recovers, and two app nodes dispatching the same outbox each leave exactly one email per
 * (contact, step) in GreenMail.
 */
class OutboxIntegrationTest extends IntegrationTestSupport {

  private static final String PROCESS = "outbox-it-send";

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired JavaMailSender mailSender;
  @Autowired DeliveryFaults faults;
  @Autowired MessageSender sender;
  @Autowired MessageDispatcher dispatcher;

  @BeforeEach
  void deploy() {
    repository
        .createDeployment()
        .enableDuplicateFiltering(true)
        .addModelInstance(
            PROCESS + ".bpmn",
            // 5 s between tries: the refused-then-recovering test must see the first try FAILED
            // and give the relay back before the third, on a loaded machine too
            ChannelFixtures.welcomeEmailJourney(PROCESS, "Task_SendWelcome", "R3/PT5S"))
        .deploy();
  }

  @Test
  void crashAfterTheRelayAcceptedLeavesOneEmailAndAnIncidentThatSaysItMayHaveBeenDelivered() {
    String contactId = contact();
    faults.arm(contactId, DeliveryFaults.crash());

    String pi = start(contactId);

    Incident incident =
        waitFor("the incident of " + pi)
            .until(
                () -> runtime.createIncidentQuery().processInstanceId(pi).singleResult(),
                i -> i != null);
    assertThat(incident.getActivityId()).isEqualTo("Task_SendWelcome");
    assertThat(incident.getIncidentMessage())
        .contains("may have been delivered")
        .doesNotContain(email(contactId));
    assertThat(mailsTo(contactId)).hasSize(1);
    assertThat(message(pi)).containsEntry("status", "UNCERTAIN").containsEntry("attempts", 1);
    assertThat(runtime.getActiveActivityIds(pi)).containsExactly("Task_SendWelcome");
    // not retried by itself: the incident waits for an operator
    assertThat(management.createJobQuery().processInstanceId(pi).singleResult().getRetries())
        .isZero();
  }

  @Test
  void smtpRefusingThenRecoveringDeliversExactlyOneEmail() throws Exception {
    String contactId = contact();
    JavaMailSenderImpl smtp = (JavaMailSenderImpl) mailSender;
    int port = smtp.getPort();
    String pi;
    smtp.setPort(closedPort());
    try {
      pi = start(contactId);
      waitFor("the message of " + pi + " FAILED while the relay refuses")
          .ignoreExceptions()
          .until(() -> "FAILED".equals(message(pi).get("status")));
    } finally {
      smtp.setPort(port);
    }

    waitFor(pi + " at Task_Wait")
        .until(() -> runtime.getActiveActivityIds(pi).contains("Task_Wait"));
    assertThat(mailsTo(contactId)).hasSize(1);
    assertThat(message(pi)).containsEntry("status", "SENT");
    assertThat((Integer) message(pi).get("attempts")).isGreaterThanOrEqualTo(2);
    assertThat(runtime.createIncidentQuery().processInstanceId(pi).count()).isZero();
  }

  @Test
  void twoNodesDispatchingTheSameOutboxSendOneEmailPerStep() throws Exception {
    List<String> contacts = new ArrayList<>();
    try (ConfigurableApplicationContext node2 =
        secondNode(
            Map.of(
                "camunda.bpm.job-execution.enabled", "true",
                "camunda.bpm.job-execution.wait-time-in-millis", "100",
                "camunda.bpm.job-execution.max-wait", "500"))) {
      // through the job executors of both nodes
      List<String> instances = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        contacts.add(contact());
        instances.add(start(contacts.get(i)));
      }
      waitFor("the 10 journeys at Task_Wait")
          .until(
              () ->
                  instances.stream()
                      .allMatch(pi -> runtime.getActiveActivityIds(pi).contains("Task_Wait")));

      // and both nodes delivering the very same queued messages at the same moment
      MessageDispatcher second = node2.getBean(MessageDispatcher.class);
      List<String> queued = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        contacts.add(contact());
        queued.add(
            sender
                .queue(
                    new SendRequest(
                        "direct-" + UUID.randomUUID() + ":Task:0",
                        contacts.get(10 + i),
                        Channel.EMAIL,
                        "onboarding-welcome",
                        null,
                        "Task",
                        Map.of()),
                    null)
                .messageId());
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Callable<Boolean>> races = new ArrayList<>();
      for (String id : queued) {
        races.add(() -> deliverQuietly(dispatcher, id));
        races.add(() -> deliverQuietly(second, id));
      }
      try {
        for (Future<Boolean> race : pool.invokeAll(races)) {
          race.get();
        }
      } finally {
        pool.shutdown();
      }
    }
    waitFor("an email to each of the 20 contacts")
        .until(() -> contacts.stream().allMatch(c -> !mailsTo(c).isEmpty()));
    assertThat(contacts).allSatisfy(c -> assertThat(mailsTo(c)).hasSize(1));
  }

  /** A loser of the race finds the message taken (or in doubt) and sends nothing. */
  private static boolean deliverQuietly(MessageDispatcher dispatcher, String id) {
    try {
      dispatcher.deliver(id);
      return true;
    } catch (MessageSendException lost) {
      return false;
    }
  }

  private String start(String contactId) {
    return runtime
        .startProcessInstanceByKey(PROCESS, contactId, Map.of("contactId", contactId))
        .getId();
  }

  private String contact() {
    String contactId = "c-outbox-" + UUID.randomUUID();
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    rest.exchange(
        "/api/contacts/" + contactId,
        HttpMethod.PUT,
        new HttpEntity<>(
            "{\"email\":\"" + email(contactId) + "\",\"firstName\":\"Ann\",\"locale\":\"en\"}",
            headers),
        String.class);
    return contactId;
  }

  private static String email(String contactId) {
    return contactId + "@example.com";
  }

  private Map<String, Object> message(String pi) {
    return jdbc.queryForMap(
        "select status, attempts from message where process_instance_id = ?", pi);
  }

  private static List<MimeMessage> mailsTo(String contactId) {
    return List.of(greenMail.getReceivedMessages()).stream()
        .filter(
            m -> {
              try {
                return m.getAllRecipients()[0].toString().contains(email(contactId));
              } catch (MessagingException e) {
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
