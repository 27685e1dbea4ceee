package io.journeys.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.support.IntegrationTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A campaign's results on PostgreSQL, against figures computed by hand: the published queries of
 * channel (deliveries) and event (orders) and the engine's history (entries) on the real database.
 * The linked journey is a process deployed by this test under a key of its own; the period is
 * yesterday to tomorrow (UTC), so its instances start now.
 */
class CampaignIntegrationTest extends IntegrationTestSupport {

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  final ObjectMapper json = new ObjectMapper();

  @Test
  void roiAndCpaFollowFromSendsEntriesAndOrders() throws Exception {
    String journey = "campaign-it-" + UUID.randomUUID().toString().substring(0, 8);
    repository
        .createDeployment()
        .addModelInstance(
            journey + ".bpmn",
            Bpmn.createExecutableProcess(journey)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask()
                .endEvent()
                .done())
        .deploy();
    Instant now = Instant.now();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant earlier = now.minus(Duration.ofMinutes(10));
    messages(journey, "sms", "SENT", 40, now); // 40 x 0.05 = 2.00
    messages(journey, "email", "SENT", 200, now); // 200 x 30 / 1000 = 6.00
    messages(journey, "wecom", "SENT", 20, now); // 20 x 0.1 = 2.00
    messages(journey, "email", "SANDBOX", 5, now); // not priced
    messages(journey, "sms", "SENT", 3, now.minus(Duration.ofDays(3))); // before the period
    String a = journey + "-a";
    String b = journey + "-b";
    String c = journey + "-c";
    order(a, earlier, "{\"amount\": 20}"); // before a entered: not counted
    for (String contact : new String[] {a, b, c}) {
      runtime.startProcessInstanceByKey(journey, contact);
    }
    Instant later = Instant.now().plusSeconds(1);
    order(a, later, "{\"amount\": 30, \"currency\": \"CNY\"}");
    order(b, later, "{\"amount\": \"15.50\"}");
    order(b, later.plusSeconds(1), "{\"amount\": 4.5}");
    order(c, later, "{\"amount\": 100, \"currency\": \"USD\"}");
    order(journey + "-never-entered", later, "{\"amount\": 999}");

    ResponseEntity<String> created =
        rest.exchange(
            "/api/campaigns",
            HttpMethod.POST,
            new HttpEntity<>(
                """
            {"name": "IT %s", "startsOn": "%s", "endsOn": "%s", "budget": 100,
             "kpiTargets": [{"metric": "roi", "target": 3}, {"metric": "cpa", "target": 4}],
             "journeys": ["%s"],
             "unitCosts": {"smsPerMessage": 0.05, "emailPerThousand": 30, "wecomPerMessage": 0.1}}
            """
                    .formatted(journey, today.minusDays(1), today.plusDays(1), journey),
                jsonHeaders()),
            String.class);
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
    String id = json.readTree(created.getBody()).get("id").asText();

    JsonNode r =
        json.readTree(rest.getForObject("/api/campaigns/" + id + "/results", String.class));

    assertThat(r.get("messagesSent").asLong()).isEqualTo(260);
    assertThat(r.get("cost").decimalValue()).isEqualByComparingTo("10.00");
    assertThat(r.get("entries").asLong()).isEqualTo(3);
    assertThat(r.get("orders").asLong()).isEqualTo(3);
    assertThat(r.get("ordersInOtherCurrencies").asLong()).isEqualTo(1);
    assertThat(r.get("conversions").asLong()).isEqualTo(2);
    assertThat(r.get("revenue").decimalValue()).isEqualByComparingTo("50.00");
    assertThat(r.get("roi").decimalValue()).isEqualByComparingTo("4"); // (50 - 10) / 10
    assertThat(r.get("cpa").decimalValue()).isEqualByComparingTo("5"); // 10 / 2
    assertThat(r.at("/kpis/0/met").asBoolean()).isTrue();
    assertThat(r.at("/kpis/1/met").asBoolean()).isFalse();
  }

  private void messages(String journey, String channel, String status, int count, Instant at) {
    for (int i = 0; i < count; i++) {
      jdbc.update(
          "insert into message (id, idempotency_key, contact_id, channel, template, status,"
              + " created_at, sent_at, journey_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          UUID.randomUUID().toString(),
          UUID.randomUUID().toString(),
          journey + "-m",
          channel,
          "lead-welcome",
          status,
          at.atOffset(ZoneOffset.UTC),
          at.atOffset(ZoneOffset.UTC),
          journey);
    }
  }

  private void order(String contact, Instant at, String properties) {
    jdbc.update(
        "insert into event (id, type, contact_id, occurred_at, received_at, properties)"
            + " values (?, 'order.placed', ?, ?, ?, ?)",
        UUID.randomUUID().toString(),
        contact,
        at.atOffset(ZoneOffset.UTC),
        at.atOffset(ZoneOffset.UTC),
        properties);
  }

  private static HttpHeaders jsonHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }
}
