package io.journeys.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.journeys.journey.JourneyConstants;
import io.journeys.support.IntegrationTestSupport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The dormant segment in the production shape on PostgreSQL, with the real job executor: the
 * nightly scan (fired here from its timer job) enters a dormant member once, its entry event starts
 * {@code dormant-win-back} (GreenMail receives the comeback gift), and an order takes the member
 * out of the segment and wins it back.
 */
class DormantSegmentIntegrationTest extends IntegrationTestSupport {

  @Autowired ManagementService management;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;

  @Test
  void aDormantMemberEntersOnceStartsTheWinBackAndLeavesWithAnOrder() throws Exception {
    String contactId = "c-dormant-" + UUID.randomUUID();
    String email = contactId + "@example.com";
    putContact(contactId, email);
    jdbc.update(
        "update contact set created_at = created_at - interval '200 days' where id = ?", contactId);

    scanAndAwaitTheEnd();

    assertThat(openStays(contactId)).isOne();
    String entryEvent = "segment:dormant:" + contactId + ":" + LocalDate.now(ZoneOffset.UTC);
    assertThat(jdbc.queryForObject("select type from event where id = ?", String.class, entryEvent))
        .isEqualTo(JourneyConstants.MSG_SEGMENT_DORMANT_ENTERED);
    String winBack =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    runtime
                        .createProcessInstanceQuery()
                        .processDefinitionKey(JourneyConstants.PROCESS_DORMANT_WIN_BACK)
                        .processInstanceBusinessKey(contactId)
                        .list(),
                instances -> instances.size() == 1)
            .get(0)
            .getId();
    MimeMessage gift =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    List.of(greenMail.getReceivedMessages()).stream()
                        .filter(m -> to(m).contains(email))
                        .toList(),
                mails -> mails.size() == 1)
            .get(0);
    assertThat(gift.getSubject()).isEqualTo("Long time no see: your comeback gift");

    scanAndAwaitTheEnd();

    assertThat(
            jdbc.queryForObject(
                "select count(*) from segment_membership where contact_id = ?",
                Integer.class,
                contactId))
        .as("entered once")
        .isOne();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event where contact_id = ? and type = ?",
                Integer.class,
                contactId,
                JourneyConstants.MSG_SEGMENT_DORMANT_ENTERED))
        .isOne();

    postOrder(contactId);

    await().atMost(Duration.ofSeconds(30)).until(() -> openStays(contactId) == 0);
    assertThat(
            jdbc.queryForObject(
                "select left_reason from segment_membership where contact_id = ?",
                String.class,
                contactId))
        .isEqualTo("order.placed");
    HistoricProcessInstance wonBack =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    history
                        .createHistoricProcessInstanceQuery()
                        .processInstanceId(winBack)
                        .singleResult(),
                pi -> pi.getEndTime() != null);
    assertThat(
            history
                .createHistoricActivityInstanceQuery()
                .processInstanceId(wonBack.getId())
                .activityId("EndEvent_WonBack")
                .count())
        .isOne();
  }

  /**
   * Fires the nightly timer of the scan (as the job executor would at 03:00) and waits for the scan
   * to end.
   */
  private void scanAndAwaitTheEnd() {
    Job timer =
        management
            .createJobQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
            .timers()
            .singleResult();
    assertThat(timer).as("nightly timer of the scan").isNotNull();
    management.executeJob(timer.getId());
    // the scan passes over every contact of the integration database, which the earlier test
    // classes fill (imports among them): 12-27 s in clean-clone CI runs, over 60 s in one
    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () ->
                runtime
                        .createProcessInstanceQuery()
                        .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
                        .count()
                    == 0);
  }

  private int openStays(String contactId) {
    return jdbc.queryForObject(
        "select count(*) from segment_membership where contact_id = ? and segment = 'dormant'"
            + " and left_at is null",
        Integer.class,
        contactId);
  }

  private void putContact(String contactId, String email) {
    ResponseEntity<String> response =
        rest.exchange(
            "/api/contacts/" + contactId,
            HttpMethod.PUT,
            json(
                """
        {"email":"%s","firstName":"Mei","lastName":"Han","timezone":"Asia/Shanghai","locale":"en",
         "consent":{"email":true}}"""
                    .formatted(email)),
            String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
  }

  private void postOrder(String contactId) {
    ResponseEntity<String> response =
        rest.postForEntity(
            "/api/events",
            json(
                """
        {"id":"%s","type":"order.placed","contactId":"%s","occurredAt":"%s",
         "properties":{"orderId":"o-1","amount":199.00,"currency":"CNY"}}"""
                    .formatted(UUID.randomUUID(), contactId, java.time.Instant.now())),
            String.class);
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
  }

  private static HttpEntity<String> json(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }

  private static String to(MimeMessage message) {
    try {
      return message.getAllRecipients()[0].toString();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
