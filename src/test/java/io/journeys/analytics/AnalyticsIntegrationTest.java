package io.journeys.analytics;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.support.IntegrationTestSupport;
import io.journeys.support.ProcessProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
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
 * Analytics on PostgreSQL in the running application: a journey of its own (A/B split, welcome
 * email, a wait; goal {@code order.placed} within 7 days) entered by four contacts; the job
 * executor sends four emails; two are opened, one contact orders (80.00), one entry completes the
 * wait and one is deleted. Expected by hand: entries 4; the email task entered and passed 4; the
 * wait entered 4, passed 1, dropped 1, waiting 2; sent 4, delivered 4, unique opens 2 (open rate
 * 0.5), 1 conversion with 80.00 revenue; 4 contacts over the arms of the experiment.
 */
class AnalyticsIntegrationTest extends IntegrationTestSupport {

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  private final ObjectMapper json = new ObjectMapper();
  private final String key = "analytics-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final String experiment = key + "-subject";

  @Test
  void funnelMetricsExperimentAndAttributionOfARealJourney() throws Exception {
    repository.createDeployment().addModelInstance(key + ".bpmn", journey()).deploy();
    List<String> contacts = new ArrayList<>();
    List<String> instances = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String contactId = key + "-c" + i;
      putContact(contactId);
      contacts.add(contactId);
      instances.add(
          runtime
              .startProcessInstanceByKey(key, contactId, Map.of("contactId", contactId))
              .getId());
    }
    waitFor("4 instances of " + key + " at Task_Wait")
        .until(
            () ->
                runtime
                        .createExecutionQuery()
                        .processDefinitionKey(key)
                        .activityId("Task_Wait")
                        .count()
                    == 4);
    List<String> messageIds =
        jdbc.queryForList(
            "select message_id from analytics_message"
                + " where journey_key = ? order by contact_id",
            String.class,
            key);
    assertThat(messageIds).hasSize(4);

    postEvent("email.opened", contacts.get(0), Map.of("messageId", messageIds.get(0)));
    postEvent("email.opened", contacts.get(1), Map.of("messageId", messageIds.get(1)));
    postEvent(
        "order.placed",
        contacts.get(0),
        Map.of("orderId", "o-" + key, "amount", 80.00, "currency", "CNY"));
    tasks.complete(
        tasks.createTaskQuery().processInstanceId(instances.get(2)).singleResult().getId());
    runtime.deleteProcessInstance(instances.get(3), "analytics test");

    JsonNode funnel =
        waitFor("the conversion in the funnel of " + key)
            .until(
                () -> get("/api/journeys/" + key + "/funnel"),
                f -> f.path("goal").path("conversions").asLong() == 1);
    assertThat(funnel.get("entries").asLong()).isEqualTo(4);
    assertThat(node(funnel, "Task_SendWelcome").get("entered").asLong()).isEqualTo(4);
    assertThat(node(funnel, "Task_SendWelcome").get("passed").asLong()).isEqualTo(4);
    JsonNode wait = node(funnel, "Task_Wait");
    assertThat(
            List.of(
                wait.get("entered").asLong(),
                wait.get("passed").asLong(),
                wait.get("dropped").asLong(),
                wait.get("waiting").asLong()))
        .containsExactly(4L, 1L, 1L, 2L);
    assertThat(wait.get("passRate").asDouble()).isEqualTo(0.25);
    assertThat(wait.get("dropOffRate").asDouble()).isEqualTo(0.25);
    assertThat(wait.has("medianSeconds")).isTrue();
    assertThat(funnel.get("goal").get("revenue").decimalValue()).isEqualByComparingTo("80.00");
    long armEntries = 0;
    for (JsonNode arm : funnel.get("arms")) {
      armEntries += arm.get("entries").asLong();
    }
    assertThat(armEntries).isEqualTo(4);

    JsonNode metrics =
        waitFor("2 unique opens in the channel metrics of " + key)
            .until(
                () ->
                    get(
                        "/api/analytics/channel-metrics?interval=total&groupBy=journey,channel"
                            + "&journey="
                            + key),
                m -> m.path("rows").path(0).path("counts").path("uniqueOpens").asLong() == 2);
    JsonNode email = metrics.get("rows").get(0);
    assertThat(email.get("group").get("channel").asText()).isEqualTo("email");
    assertThat(email.get("counts").get("sent").asLong()).isEqualTo(4);
    assertThat(email.get("counts").get("delivered").asLong()).isEqualTo(4);
    assertThat(email.get("counts").get("conversions").asLong()).isEqualTo(1);
    assertThat(email.get("rates").get("openRate").asDouble()).isEqualTo(0.5);
    assertThat(email.get("rates").get("conversionRate").asDouble()).isEqualTo(0.25);

    JsonNode test = get("/api/experiments/" + experiment);
    long assigned = 0;
    for (JsonNode arm : test.get("arms")) {
      assigned += arm.get("contacts").asLong();
    }
    assertThat(assigned).isEqualTo(4);
    assertThat(test.has("winner")).isFalse();
    assertThat(test.get("status").asText()).startsWith("collecting");
    assertThat(test.get("journeys").get(0).asText()).isEqualTo(key);

    JsonNode attribution = get("/api/analytics/attribution?lookback=7");
    JsonNode row = null;
    for (JsonNode r : attribution.get("rows")) {
      if (key.equals(r.path("journey").asText())) {
        row = r;
      }
    }
    assertThat(row).isNotNull();
    for (String model : List.of("first", "last", "linear", "time-decay", "u-shaped")) {
      assertThat(row.get("models").get(model).get("conversions").asDouble())
          .as(model)
          .isEqualTo(1.0);
      assertThat(row.get("models").get(model).get("revenue").decimalValue())
          .as(model)
          .isEqualByComparingTo("80.00");
    }
  }

  /**
   * The goal events of one transaction are recorded together before it commits: three orders in one
   * request (two of one contact, the later one first in the request) convert each entry once, by
   * the earliest order, and all three are kept for attribution.
   */
  @Test
  void ordersOfOneRequestConvertEachEntryOnceByTheEarliest() throws Exception {
    String simple = key + "-simple";
    BpmnModelInstance model =
        Bpmn.createExecutableProcess(simple)
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .userTask("Task_Wait")
            .endEvent()
            .done();
    ProcessProperties.set(
        model, simple, Map.of("goal.event", "order.placed", "goal.window", "P7D"));
    repository.createDeployment().addModelInstance(simple + ".bpmn", model).deploy();
    String ann = key + "-ann";
    String bob = key + "-bob";
    putContact(ann);
    putContact(bob);
    String annEntry = runtime.startProcessInstanceByKey(simple, ann).getId();
    String bobEntry = runtime.startProcessInstanceByKey(simple, bob).getId();
    Instant now = Instant.now();
    List<Map<String, Object>> orders =
        List.of(
            order(key + "-o2", ann, now.plusSeconds(2), 20),
            order(key + "-o1", ann, now.plusSeconds(1), 10),
            order(key + "-o3", bob, now.plusSeconds(1), 5));
    ResponseEntity<String> response =
        rest.exchange(
            "/api/events",
            HttpMethod.POST,
            new HttpEntity<>(json.writeValueAsString(orders), jsonHeaders()),
            String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();

    List<String> converted =
        waitFor("both entries of " + simple + " converted")
            .until(
                () ->
                    jdbc.queryForList(
                        "select process_instance_id || ' ' || conversion_event_id || ' '"
                            + " || cast(revenue as varchar) from analytics_entry"
                            + " where journey_key = ? and converted_at is not null"
                            + " order by process_instance_id",
                        String.class,
                        simple),
                rows -> rows.size() == 2);
    assertThat(converted)
        .containsExactlyInAnyOrder(
            annEntry + " " + key + "-o1 10.0000", bobEntry + " " + key + "-o3 5.0000");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from analytics_order where event_id like ?",
                Long.class,
                key + "-o%"))
        .isEqualTo(3);
    JsonNode funnel = get("/api/journeys/" + simple + "/funnel");
    assertThat(funnel.get("goal").get("conversions").asLong()).isEqualTo(2);
    assertThat(funnel.get("goal").get("revenue").decimalValue()).isEqualByComparingTo("15.00");
  }

  private static Map<String, Object> order(String id, String contactId, Instant at, double amount) {
    return Map.of(
        "id",
        id,
        "type",
        "order.placed",
        "contactId",
        contactId,
        "occurredAt",
        at.toString(),
        "properties",
        Map.of("orderId", id, "amount", amount, "currency", "CNY"));
  }

  @Test
  void badParametersAnswer400AndUnknownJourneys404() {
    ResponseEntity<String> bad =
        rest.getForEntity("/api/journeys/x/funnel?from=yesterday&version=0", String.class);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody()).contains("\"field\":\"from\"").contains("\"field\":\"version\"");
    assertThat(
            rest.getForEntity("/api/journeys/never-seen-" + key + "/funnel", String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(
            rest.getForEntity("/api/analytics/attribution?model=w-shaped", String.class).getBody())
        .contains("\"field\":\"model\"");
    assertThat(
            rest.getForEntity("/api/analytics/channel-metrics?groupBy=colour", String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(rest.getForEntity("/api/experiments/none-" + key, String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(anonymous().getForEntity("/api/experiments/x", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<String> alerts = rest.getForEntity("/api/alerts", String.class);
    assertThat(alerts.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(alerts.getBody())
        .contains("\"id\":\"email-bounce-rate\"")
        .contains("\"id\":\"journey-error-rate\"");
    assertThat(anonymous().getForEntity("/api/alerts", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  private BpmnModelInstance journey() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess(key)
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Entered")
            .serviceTask("Task_Split")
            .camundaDelegateExpression("${abSplitDelegate}")
            .camundaInputParameter("experimentKey", experiment)
            .camundaInputParameter("arms", "a:50,b:50")
            .serviceTask("Task_SendWelcome")
            .camundaAsyncBefore()
            .camundaFailedJobRetryTimeCycle("R2/PT1S")
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "email")
            .camundaInputParameter("template", "onboarding-welcome")
            .userTask("Task_Wait")
            .endEvent("EndEvent_Done")
            .done();
    ProcessProperties.set(model, key, Map.of("goal.event", "order.placed", "goal.window", "P7D"));
    return model;
  }

  private static JsonNode node(JsonNode funnel, String id) {
    for (JsonNode n : funnel.get("nodes")) {
      if (id.equals(n.get("nodeId").asText())) {
        return n;
      }
    }
    throw new AssertionError("no node " + id + " in " + funnel);
  }

  private JsonNode get(String path) throws Exception {
    ResponseEntity<String> response = rest.getForEntity(path, String.class);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(response.getBody());
  }

  private void postEvent(String type, String contactId, Map<String, Object> properties)
      throws Exception {
    Map<String, Object> event =
        Map.of(
            "id",
            UUID.randomUUID().toString(),
            "type",
            type,
            "contactId",
            contactId,
            "occurredAt",
            Instant.now().toString(),
            "properties",
            properties);
    ResponseEntity<String> response =
        rest.exchange(
            "/api/events",
            HttpMethod.POST,
            new HttpEntity<>(json.writeValueAsString(event), jsonHeaders()),
            String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
  }

  private void putContact(String contactId) {
    String body =
        """
        {"email":"%s@example.com","firstName":"Ann","locale":"en","consent":{"email":true}}"""
            .formatted(contactId);
    assertThat(
            rest.exchange(
                    "/api/contacts/" + contactId,
                    HttpMethod.PUT,
                    new HttpEntity<>(body, jsonHeaders()),
                    String.class)
                .getStatusCode()
                .is2xxSuccessful())
        .isTrue();
  }

  private static HttpHeaders jsonHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }
}
