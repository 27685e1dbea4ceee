package io.journeys.broadcast;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.journey.JourneyConstants;
import io.journeys.security.Roles;
import io.journeys.support.IntegrationTestSupport;
import io.journeys.support.ScanOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Broadcasts on PostgreSQL with the real job executor and SMTP (GreenMail): the planned batch and
 * send times become the engine's timer due dates; the test stands in for the passing days by moving
 * a due timer to now ({@link ManagementService#setJobDuedate}), then waits for the outcome. Batches
 * send only their own recipients, through the normal send path (message rows, mail), and a
 * cancellation during the run stops the batches and deliveries still waiting.
 */
class BroadcastIntegrationTest extends IntegrationTestSupport {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Autowired ManagementService management;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  final ObjectMapper json = new ObjectMapper();

  @Test
  void dailyBatchesSendTheirOwnRecipientsAndCancelStopsTheRest() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String a = contact("c-bc-a-" + run, "Asia/Shanghai");
    String b = contact("c-bc-b-" + run, "Asia/Shanghai");
    String c = contact("c-bc-c-" + run, "Asia/Shanghai");
    LocalDate day = LocalDate.now(SHANGHAI).plusDays(2);

    JsonNode created =
        post(
            """
        {"name": "新品首月推广", "channel": "email", "template": "broadcast-new-arrival",
         "date": "%s", "time": "10:00", "timezone": "Asia/Shanghai", "batchSize": 2,
         "contactIds": ["%s", "%s", "%s"]}"""
                .formatted(day, a, b, c),
            HttpStatus.CREATED);
    String id = created.get("id").asText();
    String pid = created.get("processInstanceId").asText();
    Instant first = day.atTime(10, 0).atZone(SHANGHAI).toInstant();
    Instant second = first.plus(Duration.ofDays(1));

    assertThat(created.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(created.get("recipients").asInt()).isEqualTo(3);
    assertThat(created.at("/batches/0/startsAt").asText()).isEqualTo(first.toString());
    assertThat(created.at("/batches/0/recipients").asInt()).isEqualTo(2);
    assertThat(created.at("/batches/1/startsAt").asText()).isEqualTo(second.toString());
    assertThat(batchTimers(pid))
        .extracting(Job::getDuedate)
        .containsExactlyInAnyOrder(Date.from(first), Date.from(second));

    // the first day comes: batch 0 starts, its two deliveries wait for 10:00
    fireNow(
        batchTimers(pid).stream()
            .filter(j -> j.getDuedate().equals(Date.from(first)))
            .findFirst()
            .orElseThrow());
    waitFor("the two delivery timers of batch 0 of broadcast " + id)
        .until(() -> deliveryTimers(id).size() == 2);
    assertThat(deliveryTimers(id)).extracting(Job::getDuedate).containsOnly(Date.from(first));
    assertThat(get(id).get("status").asText()).isEqualTo("RUNNING");
    deliveryTimers(id).forEach(this::fireNow);
    waitFor("batch 0 of broadcast " + id + " sent to " + a + " and " + b)
        .until(() -> sent(a) == 1 && sent(b) == 1 && completedDeliveries(id) == 2);
    assertThat(sent(c)).isZero();
    assertThat(mailsTo(a)).isOne();
    assertThat(get(id).get("deliveriesCompleted").asInt()).isEqualTo(2);

    JsonNode cancelled = post("/api/broadcasts/" + id + "/cancel", "", HttpStatus.OK);

    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("cancelledBy").asText()).isEqualTo(ADMIN_USER);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(pid).count()).isZero();
    assertThat(
            history
                .createHistoricActivityInstanceQuery()
                .processInstanceId(pid)
                .activityId("EndEvent_BroadcastCancelled")
                .count())
        .isOne();
    assertThat(management.createJobQuery().processInstanceId(pid).count()).isZero();
    assertThat(sent(c)).isZero();
    post("/api/broadcasts/" + id + "/cancel", "", HttpStatus.CONFLICT);
  }

  @Test
  void localTimeWaitsForEachContactsOwnTenOClockAndCancelEndsWaitingDeliveries() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String ny = contact("c-bc-ny-" + run, "America/New_York");
    String none = contact("c-bc-none-" + run, null);
    LocalDate day = LocalDate.now(SHANGHAI).plusDays(3);

    JsonNode created =
        post(
            """
        {"channel": "email", "template": "broadcast-new-arrival", "date": "%s", "time": "10:00",
         "timezone": "Asia/Shanghai", "localTime": true, "contactIds": ["%s", "%s"]}"""
                .formatted(day, ny, none),
            HttpStatus.CREATED);
    String id = created.get("id").asText();
    String pid = created.get("processInstanceId").asText();
    Instant inShanghai = day.atTime(10, 0).atZone(SHANGHAI).toInstant();
    Instant inNewYork = day.atTime(10, 0).atZone(NEW_YORK).toInstant();

    assertThat(created.at("/batches/0/startsAt").asText()).isEqualTo(inShanghai.toString());
    fireNow(batchTimers(pid).get(0));
    waitFor("the two local-time delivery timers of broadcast " + id)
        .until(() -> deliveryTimers(id).size() == 2);
    assertThat(deliveryTimers(id))
        .extracting(Job::getDuedate)
        .containsExactlyInAnyOrder(Date.from(inShanghai), Date.from(inNewYork));

    post("/api/broadcasts/" + id + "/cancel", "", HttpStatus.OK);

    assertThat(deliveryTimers(id)).isEmpty();
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .processDefinitionKey(JourneyConstants.PROCESS_BROADCAST_DELIVERY)
                .variableValueEquals(JourneyConstants.VAR_BROADCAST_ID, id)
                .count())
        .isZero();
    assertThat(sent(ny) + sent(none)).isZero();
  }

  /** A segment audience is the segment's members when the broadcast is scheduled. */
  @Test
  void aSegmentAudienceIsItsMembersAtScheduling() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    // in the first batch of the rebuild: the test waits for its own contacts, not for a pass over
    // every contact the earlier test classes left in the shared database
    String a = contact(ScanOrder.firstBatchId("c-bcseg-" + run + "-a"), "Asia/Shanghai");
    String b = contact(ScanOrder.firstBatchId("c-bcseg-" + run + "-b"), "Asia/Shanghai");
    contact(ScanOrder.firstBatchId("c-other-" + run), "Asia/Shanghai");
    String key = "bc-" + run;
    post(
        "/api/segments",
        """
        {"key":"%s","name":"Broadcast audience","definition":
          {"field":"email","op":"contains","value":"c-bcseg-%s-"}}"""
            .formatted(key, run),
        HttpStatus.CREATED);
    // saving a segment rebuilds it in the background (one engine job per batch of 500 contacts;
    // over few contacts, the rebuild may have ended already)
    List<String> rebuild = ScanOrder.rebuildsOf(runtime, key);
    try {
      waitFor("the rebuild of segment " + key + " enters " + a + " and " + b)
          .until(
              () ->
                  jdbc.queryForList(
                      "select contact_id from segment_member where segment = ?", String.class, key),
              members -> members.containsAll(List.of(a, b)));
    } finally {
      rebuild.forEach(pass -> ScanOrder.stop(runtime, pass));
    }
    int members =
        jdbc.queryForObject(
            "select count(*) from segment_member where segment = ?", Integer.class, key);
    String tomorrow = LocalDate.now(SHANGHAI).plusDays(1).toString();

    JsonNode created =
        post(
            """
        {"channel": "email", "template": "broadcast-new-arrival", "date": "%s", "time": "10:00",
         "timezone": "Asia/Shanghai", "segment": "%s"}"""
                .formatted(tomorrow, key),
            HttpStatus.CREATED);

    assertThat(created.get("recipients").asInt()).isEqualTo(members).isGreaterThanOrEqualTo(2);
    JsonNode unknown =
        post(
            """
        {"channel": "email", "template": "broadcast-new-arrival", "date": "%s", "time": "10:00",
         "timezone": "Asia/Shanghai", "segment": "no-such-%s"}"""
                .formatted(tomorrow, run),
            HttpStatus.BAD_REQUEST);
    assertThat(unknown.get("details").findValuesAsText("reason"))
        .containsExactly("no segment 'no-such-" + run + "'");
  }

  @Test
  void badRequestsAre400AndViewersOnlyRead() throws Exception {
    String known = contact("c-bc-known-" + UUID.randomUUID(), null);
    String tomorrow = LocalDate.now(SHANGHAI).plusDays(1).toString();
    JsonNode problems =
        post(
            """
        {"channel": "fax", "template": "no-such-template", "date": "%s", "time": "10:00",
         "timezone": "Mars/Base", "batchSize": 0, "segment": "dormant",
         "contactIds": ["%s", "%s"]}"""
                .formatted(tomorrow, known, known),
            HttpStatus.BAD_REQUEST);
    assertThat(problems.get("details").findValuesAsText("field"))
        .containsExactlyInAnyOrder(
            "channel", "template", "timezone", "batchSize", "segment", "contactIds");
    JsonNode unknown =
        post(
            """
        {"channel": "email", "template": "broadcast-new-arrival", "date": "%s", "time": "10:00",
         "timezone": "Asia/Shanghai", "contactIds": ["%s", "c-nobody-%s"]}"""
                .formatted(tomorrow, known, UUID.randomUUID()),
            HttpStatus.BAD_REQUEST);
    assertThat(unknown.at("/details/0/reason").asText())
        .startsWith("1 unknown contact(s): c-nobody-");
    JsonNode past =
        post(
            """
        {"channel": "email", "template": "broadcast-new-arrival", "date": "2020-01-01",
         "time": "10:00", "timezone": "Asia/Shanghai", "contactIds": ["%s"]}"""
                .formatted(known),
            HttpStatus.BAD_REQUEST);
    assertThat(past.at("/details/0/reason").asText())
        .isEqualTo("the date and time are in the past");

    String viewer = "viewerbc" + UUID.randomUUID().toString().substring(0, 8);
    User user = identity.newUser(viewer);
    user.setPassword("viewer-password");
    identity.saveUser(user);
    identity.createMembership(viewer, Roles.VIEWER);
    assertThat(
            as(viewer, "viewer-password")
                .getForEntity("/api/broadcasts", String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(
            as(viewer, "viewer-password")
                .exchange(
                    "/api/broadcasts",
                    HttpMethod.POST,
                    new HttpEntity<>("{}", jsonHeaders()),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.getForEntity("/api/broadcasts/nope", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  private String contact(String id, String timezone) {
    String body =
        """
        {"email":"%s@example.com","firstName":"Lei","locale":"zh-CN",%s
         "consent":{"email":true}}"""
            .formatted(id, timezone == null ? "" : "\"timezone\":\"" + timezone + "\",");
    ResponseEntity<String> response =
        rest.exchange(
            "/api/contacts/" + id,
            HttpMethod.PUT,
            new HttpEntity<>(body, jsonHeaders()),
            String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
    return id;
  }

  private JsonNode post(String body, HttpStatus expected) throws Exception {
    return post("/api/broadcasts", body, expected);
  }

  private JsonNode post(String path, String body, HttpStatus expected) throws Exception {
    ResponseEntity<String> response =
        rest.exchange(path, HttpMethod.POST, new HttpEntity<>(body, jsonHeaders()), String.class);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(expected);
    return json.readTree(response.getBody());
  }

  private JsonNode get(String id) throws Exception {
    return json.readTree(rest.getForObject("/api/broadcasts/" + id, String.class));
  }

  private List<Job> batchTimers(String pid) {
    return management
        .createJobQuery()
        .processInstanceId(pid)
        .timers()
        .activityId("Event_BatchDue")
        .list();
  }

  private List<Job> deliveryTimers(String broadcastId) {
    return runtime
        .createProcessInstanceQuery()
        .processDefinitionKey(JourneyConstants.PROCESS_BROADCAST_DELIVERY)
        .variableValueEquals(JourneyConstants.VAR_BROADCAST_ID, broadcastId)
        .list()
        .stream()
        .flatMap(
            child ->
                management
                    .createJobQuery()
                    .processInstanceId(child.getId())
                    .timers()
                    .list()
                    .stream())
        .toList();
  }

  private long completedDeliveries(String broadcastId) {
    return history
        .createHistoricProcessInstanceQuery()
        .processDefinitionKey(JourneyConstants.PROCESS_BROADCAST_DELIVERY)
        .variableValueEquals(JourneyConstants.VAR_BROADCAST_ID, broadcastId)
        .completed()
        .count();
  }

  /** The day comes: the timer is due now and the job executor picks it up. */
  private void fireNow(Job timer) {
    management.setJobDuedate(timer.getId(), new Date());
  }

  private int sent(String contactId) {
    return jdbc.queryForObject(
        "select count(*) from message where contact_id = ?"
            + " and journey_key = ? and status = 'SENT'",
        Integer.class,
        contactId,
        JourneyConstants.PROCESS_BROADCAST_DELIVERY);
  }

  private static long mailsTo(String contactId) {
    return java.util.Arrays.stream(greenMail.getReceivedMessages())
        .filter(
            m -> {
              try {
                return m.getAllRecipients()[0].toString().contains(contactId + "@example.com");
              } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
              }
            })
        .count();
  }

  private static HttpHeaders jsonHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }
}
