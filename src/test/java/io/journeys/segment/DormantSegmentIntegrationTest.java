package io.journeys.segment;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.journey.JourneyConstants;
import io.journeys.support.IntegrationTestSupport;
import io.journeys.support.ScanOrder;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.VariableInstance;
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
 * out of the segment and wins it back. The member's id puts it in the first batch of each pass
 * ({@link ScanOrder}); the test waits for the pass to be past it and then stops the pass, so that
 * neither the test nor the ones after it wait for a walk over every contact of the shared database.
 */
class DormantSegmentIntegrationTest extends IntegrationTestSupport {

  @Autowired ManagementService management;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;

  @Test
  void aDormantMemberEntersOnceStartsTheWinBackAndLeavesWithAnOrder() throws Exception {
    // in the first batch of the pass: the test waits for its own contact, not for the pass over
    // every contact the earlier test classes left in the shared database
    String contactId = ScanOrder.firstBatchId("c-dormant");
    String email = contactId + "@example.com";
    putContact(contactId, email);
    jdbc.update(
        "update contact set created_at = created_at - interval '200 days' where id = ?", contactId);

    scanPast(contactId);

    assertThat(openStays(contactId)).isOne();
    String entryEvent = "segment:dormant:" + contactId + ":" + LocalDate.now(ZoneOffset.UTC);
    assertThat(jdbc.queryForObject("select type from event where id = ?", String.class, entryEvent))
        .isEqualTo(JourneyConstants.MSG_SEGMENT_DORMANT_ENTERED);
    String winBack =
        waitFor("dormant-win-back started for " + contactId)
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
        waitFor("the comeback gift mailed to " + email)
            .until(
                () ->
                    List.of(greenMail.getReceivedMessages()).stream()
                        .filter(m -> to(m).contains(email))
                        .toList(),
                mails -> mails.size() == 1)
            .get(0);
    assertThat(gift.getSubject()).isEqualTo("Long time no see: your comeback gift");

    scanPast(contactId);

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

    waitFor("the order takes " + contactId + " out of the dormant segment")
        .until(() -> openStays(contactId) == 0);
    assertThat(
            jdbc.queryForObject(
                "select left_reason from segment_membership where contact_id = ?",
                String.class,
                contactId))
        .isEqualTo("order.placed");
    HistoricProcessInstance wonBack =
        waitFor("dormant-win-back " + winBack + " ended")
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
   * Fires the nightly timer of the scan (as the job executor would at 03:00), waits until the pass
   * it starts has re-evaluated {@code contactId} (its first batch, {@link ScanOrder}), and stops
   * the pass there: the rest of it would walk every contact of the shared database, for this test
   * and in the background of the next ones.
   */
  private void scanPast(String contactId) {
    Job timer =
        management
            .createJobQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
            .timers()
            .singleResult();
    assertThat(timer).as("nightly timer of the scan").isNotNull();
    Set<String> before = scans();
    management.executeJob(timer.getId());
    Set<String> started = scans();
    started.removeAll(before);
    assertThat(started).as("the pass the timer started").hasSize(1);
    String scan = started.iterator().next();
    try {
      waitFor("the nightly pass " + scan + " past " + contactId)
          .until(() -> scannedPast(scan, contactId));
    } finally {
      ScanOrder.stop(runtime, scan);
    }
  }

  /** The passes started so far, ended ones included (a pass over few contacts ends at once). */
  private Set<String> scans() {
    return history
        .createHistoricProcessInstanceQuery()
        .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
        .list()
        .stream()
        .map(HistoricProcessInstance::getId)
        .collect(Collectors.toCollection(HashSet::new));
  }

  /** Whether the pass's committed batches reach {@code contactId} (id order, as the pass reads). */
  private boolean scannedPast(String scan, String contactId) {
    VariableInstance cursor =
        runtime
            .createVariableInstanceQuery()
            .processInstanceIdIn(scan)
            .variableName(JourneyConstants.VAR_SCAN_CURSOR)
            .singleResult();
    if (cursor == null || cursor.getValue() == null) {
      // no batch committed yet, or the pass ended (then it passed over every contact)
      return runtime.createProcessInstanceQuery().processInstanceId(scan).count() == 0;
    }
    return jdbc.queryForObject(
            "select count(*) from contact where id = ? and id <= ?",
            Integer.class,
            contactId,
            cursor.getValue())
        == 1;
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
