package io.journeys.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.IntegrationTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** An event that names one contact by id and another by phone merges them, on PostgreSQL. */
class EventIdentityMergeIntegrationTest extends IntegrationTestSupport {

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String mobile =
      "135" + String.format("%08d", (long) (Math.random() * 100_000_000L));

  private HttpEntity<String> json(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }

  private ResponseEntity<Map> putContact(String id, String body) {
    return rest.exchange("/api/contacts/" + id, HttpMethod.PUT, json(body), Map.class);
  }

  @Test
  void anEventNamingTwoRecordsOfOnePersonMergesThemKeepingBothHistories() {
    String web = "web-" + run;
    String shop = "shop-" + run;
    assertThat(
            putContact(
                    shop,
                    "{\"phone\": \""
                        + mobile
                        + "\", \"firstName\": \"Lei\", \"locale\": \"zh-CN\"}")
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    assertThat(
            rest.postForEntity(
                    "/api/events",
                    json(
                        """
        {"id": "shop-order-%s", "type": "order.placed", "contactId": "%s",
         "occurredAt": "2026-11-23T08:00:00Z", "properties": {"orderId": "o-1"}}"""
                            .formatted(run, shop)),
                    Map.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.ACCEPTED);
    // the web record is updated later: its values win where both have one
    assertThat(
            putContact(
                    web,
                    "{\"email\": \"li.lei-" + run + "@example.com\", \"firstName\": \"Li Lei\"}")
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);

    ResponseEntity<Map> accepted =
        rest.postForEntity(
            "/api/events",
            json(
                """
        [{"id": "web-login-%s", "type": "login", "contactId": "%s", "phone": "+86 %s",
          "occurredAt": "2026-11-23T09:00:00Z"},
         {"id": "web-view-%s", "type": "page.viewed", "phone": "%s",
          "occurredAt": "2026-11-23T09:01:00Z", "properties": {"url": "/p/1"}}]"""
                    .formatted(run, web, mobile, run, mobile)),
            Map.class);
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

    assertThat(
            jdbc.queryForObject("select count(*) from contact where id = ?", Integer.class, shop))
        .as("the shop record is merged away")
        .isZero();
    Map<String, Object> merged = jdbc.queryForMap("select * from contact where id = ?", web);
    assertThat(merged.get("email")).isEqualTo("li.lei-" + run + "@example.com");
    assertThat(merged.get("phone")).isEqualTo("+86" + mobile);
    assertThat(merged.get("first_name")).as("the more recently updated value").isEqualTo("Li Lei");
    assertThat(merged.get("locale")).as("filled from the other record").isEqualTo("zh-CN");
    assertThat(
            jdbc.queryForList(
                "select id from event where contact_id = ? order by occurred_at",
                String.class,
                web))
        .containsExactly("shop-order-" + run, "web-login-" + run, "web-view-" + run);
  }
}
