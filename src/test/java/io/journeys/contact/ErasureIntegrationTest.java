package io.journeys.contact;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.channel.OutboxAccess;
import io.journeys.support.DeliveryFaults;
import io.journeys.support.IntegrationTestSupport;
import io.journeys.support.SchemaSearch;
import io.journeys.support.Waits;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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
 * Erasure on PostgreSQL: the erased email is nowhere in our tables nor in Camunda history, also
 * when a message to the contact is in flight during the erasure (it is recorded without recipient
 * or body), and a message still in the outbox is not sent to the erased contact. The contact id,
 * the email and the phone are in no column of any table afterwards (every table of the schema is
 * searched, Camunda's {@code act_*} tables too: the erasure deletes the contact's running instances
 * and their whole history through the engine).
 */
class ErasureIntegrationTest extends IntegrationTestSupport {

  private static final String WAITING = "erasure-test-waiting";
  private static final String FINISHED = "erasure-test-finished";

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired DeliveryFaults faults;
  @Autowired IdentityHashes hashes;
  @Autowired OutboxAccess outbox;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String id = "erase-" + run;
  private final String email = "forget-me-" + run + "@example.com";
  private final String mobile =
      "139" + String.format("%08d", (long) (Math.random() * 100_000_000L));

  private ResponseEntity<Map> exchange(HttpMethod method, String url, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return rest.exchange(url, method, new HttpEntity<>(body, headers), Map.class);
  }

  private void deployTestJourneys() {
    BpmnModelInstance waiting =
        Bpmn.createExecutableProcess(WAITING)
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .userTask("Task_Wait")
            .endEvent()
            .done();
    BpmnModelInstance finished =
        Bpmn.createExecutableProcess(FINISHED)
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .endEvent()
            .done();
    repository
        .createDeployment()
        .addModelInstance(WAITING + ".bpmn", waiting)
        .addModelInstance(FINISHED + ".bpmn", finished)
        .enableDuplicateFiltering(true)
        .deploy();
  }

  @Test
  void erasureLeavesTheEmailNowhereAndSuppressesTheIdentity() {
    deployTestJourneys();
    assertThat(
            exchange(
                    HttpMethod.PUT,
                    "/api/contacts/" + id,
                    """
        {"email": "%s", "phone": "%s", "firstName": "Forget", "lastName": "Me",
         "consent": {"email": true}}"""
                        .formatted(email, mobile))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    // armed before the event: the job executor may send the welcome email at once.
    // The welcome email that form.submitted starts is held in flight: the SMTP relay has
    // accepted it, its row is not marked yet, while the contact is erased
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch erased = new CountDownLatch(1);
    AtomicReference<String> welcome = new AtomicReference<>();
    faults.arm(
        id,
        messageId -> {
          welcome.set(messageId);
          inFlight.countDown();
          awaitLatch(erased);
        });
    assertThat(
            exchange(
                    HttpMethod.POST,
                    "/api/events",
                    """
        {"id": "erase-ev-%s", "type": "form.submitted", "contactId": "%s",
         "occurredAt": "2026-11-23T08:15:00Z", "properties": {"fields": {"email": "%s"}}}"""
                        .formatted(run, id, email))
                .getStatusCode())
        .isEqualTo(HttpStatus.ACCEPTED);
    Map<String, Object> vars = Map.of("contactId", id, "leadEmail", email);
    ProcessInstance running = runtime.startProcessInstanceByKey(WAITING, id, vars);
    runtime.startProcessInstanceByKey(FINISHED, id, vars);
    ResponseEntity<Map> profile = exchange(HttpMethod.GET, "/api/contacts/" + id, null);
    assertThat((List<Map<String, String>>) profile.getBody().get("activeJourneys"))
        .contains(Map.of("processKey", WAITING, "processInstanceId", running.getId()));
    assertThat(countEverywhere()).as("the email before erasure").isPositive();
    awaitLatch(inFlight);
    keepGovernanceRows();
    assertThat(tablesHolding(id))
        .as("the contact id before erasure")
        .containsAll(
            List.of(
                "contact.id",
                "contact_consent.contact_id",
                "event.id",
                "event.contact_id",
                "message.contact_id",
                "journey_entry.contact_id",
                "send_lock.contact_id",
                "send_reservation.contact_id",
                "segment_membership.contact_id",
                "pending_correlation.contact_id",
                "act_ru_execution.business_key_",
                "act_hi_procinst.business_key_"));
    assertThat(exchange(HttpMethod.DELETE, "/api/contacts/" + id, null).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);

    erased.countDown();
    waitFor("the welcome in flight during the erasure SENT")
        .until(
            () ->
                jdbc.queryForObject(
                    "select status from message where id = ?", String.class, welcome.get()),
            "SENT"::equals);
    assertThat(
            jdbc.queryForMap(
                "select recipient, subject, body, content, detail from message" + " where id = ?",
                welcome.get()))
        .containsEntry("recipient", null)
        .containsEntry("body", null)
        .containsEntry("content", null)
        .containsEntry("detail", "contact erased while the message was in flight");
    assertThat(countEverywhere()).as("the email after erasure").isZero();
    assertThat(tablesHolding(id)).as("the contact id after erasure").isEmpty();
    assertThat(tablesHolding(email)).as("the email after erasure").isEmpty();
    assertThat(tablesHolding(mobile)).as("the phone after erasure").isEmpty();
    String pseudonym =
        jdbc.queryForObject(
            "select contact_id from message where id = ?", String.class, welcome.get());
    assertThat(pseudonym)
        .as("messages are kept for counting, under a pseudonym")
        .startsWith(ErasureService.PSEUDONYM_PREFIX);
    assertThat(
            jdbc.queryForList("select id from event where contact_id = ?", String.class, pseudonym))
        .as("so are the events (form.submitted, login); an id naming the contact is" + " hashed")
        .containsExactlyInAnyOrder(
            "erase-ev-" + run,
            ErasureService.PSEUDONYM_PREFIX + hashes.hash("segment:dormant:" + id + ":2026-11-23"));
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).count())
        .isZero();
    assertThat(
            history
                .createHistoricVariableInstanceQuery()
                .processInstanceId(running.getId())
                .count())
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from contact_suppression where identity_hash in (?, ?)",
                Integer.class,
                hashes.hash(email),
                hashes.hash("+86" + mobile)))
        .isEqualTo(2);
    assertThat(exchange(HttpMethod.GET, "/api/contacts/" + id, null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(exchange(HttpMethod.DELETE, "/api/contacts/" + id, null).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    ResponseEntity<Map> refused =
        exchange(
            HttpMethod.POST,
            "/api/events",
            """
        {"id": "erase-again-%s", "type": "login", "email": "%s",
         "occurredAt": "2026-11-23T09:00:00Z"}"""
                .formatted(run, email.toUpperCase()));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((List<Map<String, Object>>) refused.getBody().get("details"))
        .containsExactly(Map.of("index", 0, "field", "email", "reason", "suppressed"));
    assertThat(
            exchange(
                    HttpMethod.PUT,
                    "/api/contacts/other-" + run,
                    "{\"phone\": \"+86 " + mobile + "\"}")
                .getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
    assertThat(countEverywhere()).isZero();
    assertThat(tablesHolding(email)).isEmpty();
  }

  @Test
  void nothingIsSentToAContactErasedWhileItsMessageWaitsInTheOutbox() {
    assertThat(
            exchange(
                    HttpMethod.PUT,
                    "/api/contacts/" + id,
                    """
        {"email": "%s", "firstName": "Forget", "consent": {"email": true}}"""
                        .formatted(email))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    String messageId = outbox.queue(id);

    assertThat(exchange(HttpMethod.DELETE, "/api/contacts/" + id, null).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    outbox.deliver(messageId);

    assertThat(
            jdbc.queryForMap("select status, detail, content from message where id = ?", messageId))
        .containsEntry("status", "CANCELLED")
        .containsEntry("content", null)
        .containsEntry("detail", "contact erased before delivery");
    assertThat(List.of(greenMail.getReceivedMessages()))
        .noneMatch(
            m -> {
              try {
                return m.getAllRecipients()[0].toString().contains(email);
              } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(Waits.CEILING.toSeconds(), TimeUnit.SECONDS))
          .as("latch released in time")
          .isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Gives the contact the rows other features keep per contact that this test's journey does not
   * write by itself: an event whose id names the contact (as the dormant segment's entry events'
   * ids do), a segment stay, an event waiting for a correlation retry.
   */
  private void keepGovernanceRows() {
    assertThat(
            exchange(
                    HttpMethod.POST,
                    "/api/events",
                    """
        {"id": "segment:dormant:%s:2026-11-23", "type": "login", "contactId": "%s",
         "occurredAt": "2026-11-23T08:20:00Z"}"""
                        .formatted(id, id))
                .getStatusCode())
        .isEqualTo(HttpStatus.ACCEPTED);
    jdbc.update(
        "insert into segment_membership (segment, contact_id, entered_at)"
            + " values ('dormant', ?, current_timestamp)",
        id);
    jdbc.update(
        "insert into pending_correlation (event_id, event_type, contact_id, attempts,"
            + " next_attempt_at, expires_at) values (?, 'email.opened', ?, 0,"
            + " timestamp '2999-01-01 00:00:00', timestamp '2999-01-01 00:00:00')",
        "erase-ev-" + run,
        id);
  }

  /** The columns ({@code table.column}) of every table, Camunda's included, holding the value. */
  private List<String> tablesHolding(String value) {
    return SchemaSearch.columnsHolding(jdbc, value, true);
  }

  /** Rows holding the email in our tables and in Camunda's variable tables. */
  private int countEverywhere() {
    String like = "%" + email + "%";
    int ours =
        jdbc.queryForObject(
            "select (select count(*) from contact where email = ? or attributes like ?)"
                + " + (select count(*) from event where properties like ?)"
                + " + (select count(*) from message where recipient = ? or body like ?)",
            Integer.class,
            email,
            like,
            like,
            email,
            like);
    int camunda =
        jdbc.queryForObject(
            "select (select count(*) from act_hi_varinst where text_ = ? or text2_ = ?)"
                + " + (select count(*) from act_ru_variable where text_ = ? or text2_ = ?)",
            Integer.class,
            email,
            email,
            email,
            email);
    return ours + camunda;
  }
}
