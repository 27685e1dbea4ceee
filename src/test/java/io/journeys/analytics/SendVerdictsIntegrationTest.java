package io.journeys.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.channel.DirectSends;
import io.journeys.channel.MessageSender;
import io.journeys.channel.SendRequest;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactDirectory;
import io.journeys.support.IntegrationTestSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Send verdicts in analytics on PostgreSQL: real verdicts of the send rules (sent, skipped by a
 * frequency cap, suppressed for lack of consent) show up in {@code /api/analytics/send-verdicts}
 * with their reason class. Counted as the growth of the groups of one template that no other
 * integration test sends ({@code winback-hot-products}).
 */
class SendVerdictsIntegrationTest extends IntegrationTestSupport {

  private static final String TEMPLATE = "winback-hot-products";

  @Autowired MessageSender sender;
  @Autowired ContactDirectory contacts;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void verdictsOfTheSendRulesAreCountedWithTheirReasonClass() throws Exception {
    String from = Instant.now().minus(1, ChronoUnit.HOURS).toString();
    Map<String, Long> before = groups(from);
    String contactId = "c-verdicts-" + UUID.randomUUID();
    putContact(contactId);
    contacts.tag(contactId, "capped"); // 2 per day in the integration tests' configuration

    for (int i = 0; i < 3; i++) {
      DirectSends.messageId(sender, request(contactId, "email"));
    }
    DirectSends.messageId(sender, request(contactId, "sms"));

    Map<String, Long> after = groups(from);
    assertThat(delta(before, after, "email/SENT/none")).isEqualTo(2);
    assertThat(delta(before, after, "email/SKIPPED/frequency cap")).isEqualTo(1);
    assertThat(delta(before, after, "sms/SUPPRESSED/no consent")).isEqualTo(1);
  }

  @Test
  void badParametersAnswer400AndViewersAreAllowed() {
    ResponseEntity<String> bad =
        rest.getForEntity("/api/analytics/send-verdicts?from=2026-02-30&journey=%20", String.class);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody())
        .contains("\"field\":\"from\"")
        .contains("\"field\":\"journey\"")
        .doesNotContain("Exception");
    assertThat(
            anonymous().getForEntity("/api/analytics/send-verdicts", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  /** Counts of this template's groups: {@code channel/status/reason} over the unknown journey. */
  private Map<String, Long> groups(String from) throws Exception {
    ResponseEntity<String> response =
        rest.getForEntity(
            "/api/analytics/send-verdicts?journey=unknown&from=" + from, String.class);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    Map<String, Long> groups = new java.util.HashMap<>();
    for (JsonNode row : json.readTree(response.getBody()).get("rows")) {
      if (TEMPLATE.equals(row.get("template").asText())) {
        groups.merge(
            row.get("channel").asText()
                + "/"
                + row.get("status").asText()
                + "/"
                + (row.hasNonNull("reason") ? row.get("reason").asText() : "none"),
            row.get("count").asLong(),
            Long::sum);
      }
    }
    return groups;
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String group) {
    return after.getOrDefault(group, 0L) - before.getOrDefault(group, 0L);
  }

  private static SendRequest request(String contactId, String channel) {
    return new SendRequest(
        "pi-" + UUID.randomUUID() + ":Task_SendHotProducts:0",
        contactId,
        Channel.parse(channel).orElseThrow(),
        TEMPLATE,
        null,
        "Task_SendHotProducts",
        Map.of());
  }

  private void putContact(String contactId) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String body =
        """
        {"email":"%s@example.com","locale":"en","consent":{"email":true,"sms":false}}"""
            .formatted(contactId);
    assertThat(
            rest.exchange(
                    "/api/contacts/" + contactId,
                    HttpMethod.PUT,
                    new HttpEntity<>(body, headers),
                    String.class)
                .getStatusCode()
                .is2xxSuccessful())
        .isTrue();
  }
}
