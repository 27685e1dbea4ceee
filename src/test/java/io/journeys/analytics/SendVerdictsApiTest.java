package io.journeys.analytics;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code GET /api/analytics/send-verdicts} on H2: grouping, reason classes, totals, the journey
 * filter, parameter validation and who may read it. Rows are written into a window of their own (a
 * day in 2020), so other tests' messages do not count.
 */
@H2SpringTest
class SendVerdictsApiTest {

  private static final String WINDOW = "?from=2020-03-01&to=2020-03-01";

  @Autowired MockMvc mvc;
  @Autowired JdbcTemplate jdbc;
  @Autowired IdentityService identity;

  @BeforeEach
  void messages() {
    jdbc.update(
        "delete from message where created_at >= ? and created_at < ?",
        Instant.parse("2020-03-01T00:00:00Z").atOffset(ZoneOffset.UTC),
        Instant.parse("2020-03-02T00:00:00Z").atOffset(ZoneOffset.UTC));
    message("lead-nurturing", "email", "lead-welcome", "SENT", null, "08:00");
    message("lead-nurturing", "email", "lead-welcome", "SANDBOX", null, "08:01");
    message(
        "lead-nurturing",
        "sms",
        "lead-welcome",
        "SENT",
        "fallback to sms after 3 ignored emails",
        "08:02");
    message(
        "lead-nurturing", "email", "lead-welcome", "SKIPPED", "frequency cap all 2/P1D", "09:00");
    message(
        "lead-nurturing",
        "email",
        "lead-welcome",
        "SKIPPED",
        "frequency cap all 3/P3D tag=new-member",
        "09:01");
    message(
        "cart-abandonment", "sms", "cart-sms-video", "SUPPRESSED", "no consent for sms", "10:00");
    message(
        "cart-abandonment",
        "email",
        "cart-reminder",
        "SUPPRESSED",
        "email address suppressed (hard-bounce)",
        "10:01");
    message(
        "cart-abandonment",
        "email",
        "cart-reminder",
        "SUPPRESSED",
        "email consent awaiting confirmation",
        "10:02");
    message(
        "cart-abandonment",
        "email",
        "cart-reminder",
        "DEFERRED",
        "until 2020-03-02T00:00:00Z: quiet hours",
        "23:00");
    message(null, "email", "lead-welcome", "FAILED", "unexpected failure (X)", "23:59");
    message("lead-nurturing", "email", "lead-welcome", "SENT", null, "2020-03-02T00:00:00Z");
  }

  @Test
  void countsByJourneyChannelTemplateStatusAndReasonClassWithTotals() throws Exception {
    mvc.perform(get("/api/analytics/send-verdicts" + WINDOW))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.from").value("2020-03-01T00:00:00Z"))
        .andExpect(jsonPath("$.to").value("2020-03-02T00:00:00Z"))
        .andExpect(jsonPath("$.rows", hasSize(9)))
        .andExpect(
            jsonPath("$.rows[?(@.journey=='lead-nurturing' && @.status=='SKIPPED')].count")
                .value(2))
        .andExpect(
            jsonPath("$.rows[?(@.journey=='lead-nurturing' && @.status=='SKIPPED')].reason")
                .value("frequency cap"))
        .andExpect(
            jsonPath("$.rows[?(@.channel=='sms' && @.status=='SENT')].reason")
                .value("channel fallback"))
        .andExpect(jsonPath("$.rows[?(@.journey=='unknown')].status").value("FAILED"))
        .andExpect(jsonPath("$.totals.messages").value(10))
        .andExpect(jsonPath("$.totals.byStatus.SENT").value(2))
        .andExpect(jsonPath("$.totals.byStatus.SANDBOX").value(1))
        .andExpect(jsonPath("$.totals.byStatus.SUPPRESSED").value(3))
        .andExpect(jsonPath("$.totals.byReason['frequency cap']").value(2))
        .andExpect(jsonPath("$.totals.byReason['quiet hours']").value(1))
        .andExpect(jsonPath("$.totals.byReason['no consent']").value(1))
        .andExpect(jsonPath("$.totals.byReason['address suppressed']").value(1))
        .andExpect(jsonPath("$.totals.byReason['awaiting double opt-in']").value(1))
        .andExpect(jsonPath("$.totals.byChannel.sms").value(2))
        .andExpect(jsonPath("$.totals.byJourney.lead-nurturing").value(5))
        .andExpect(jsonPath("$.totals.byJourney.unknown").value(1));
  }

  @Test
  void filtersOneJourneyOrTheMessagesWithoutOne() throws Exception {
    mvc.perform(get("/api/analytics/send-verdicts" + WINDOW + "&journey=cart-abandonment"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.journey").value("cart-abandonment"))
        .andExpect(jsonPath("$.totals.messages").value(4))
        .andExpect(
            jsonPath(
                "$.rows[*].journey",
                containsInAnyOrder(
                    "cart-abandonment",
                    "cart-abandonment",
                    "cart-abandonment",
                    "cart-abandonment")));
    mvc.perform(get("/api/analytics/send-verdicts" + WINDOW + "&journey=unknown"))
        .andExpect(jsonPath("$.totals.messages").value(1));
  }

  @Test
  void outboxStatesHaveTheirOwnReasonClasses() throws Exception {
    String day = "?from=2020-04-01&to=2020-04-01";
    jdbc.update("delete from message where journey_key = 'outbox-states'");
    message("outbox-states", "email", "cart-reminder", "QUEUED", null, "2020-04-01T08:00:00Z");
    message("outbox-states", "email", "cart-reminder", "SENDING", null, "2020-04-01T08:01:00Z");
    message(
        "outbox-states",
        "email",
        "cart-reminder",
        "UNCERTAIN",
        "an earlier delivery attempt may have delivered it",
        "2020-04-01T08:02:00Z");
    message(
        "outbox-states",
        "email",
        "cart-reminder",
        "CANCELLED",
        "contact erased before delivery",
        "2020-04-01T08:03:00Z");
    message(
        "outbox-states",
        "email",
        "cart-reminder",
        "CANCELLED",
        "journey ended before delivery",
        "2020-04-01T08:04:00Z");
    mvc.perform(get("/api/analytics/send-verdicts" + day + "&journey=outbox-states"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.totals.messages").value(5))
        .andExpect(jsonPath("$.totals.byStatus.CANCELLED").value(2))
        .andExpect(jsonPath("$.totals.byReason['delivery in doubt']").value(1))
        .andExpect(jsonPath("$.totals.byReason['contact erased']").value(1))
        .andExpect(jsonPath("$.totals.byReason['journey ended']").value(1))
        .andExpect(jsonPath("$.totals.byReason.other").doesNotExist());
  }

  @Test
  void instantsBoundTheWindowExactly() throws Exception {
    mvc.perform(
            get("/api/analytics/send-verdicts?from=2020-03-01T09:00:00Z&to=2020-03-01T10:00:00Z"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.totals.messages").value(2));
  }

  @Test
  void theDefaultWindowIsTheLast30Days() throws Exception {
    mvc.perform(get("/api/analytics/send-verdicts"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.from").isNotEmpty())
        .andExpect(
            result -> {
              String body = result.getResponse().getContentAsString();
              var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
              Instant from = Instant.parse(node.get("from").asText());
              Instant to = Instant.parse(node.get("to").asText());
              org.assertj.core.api.Assertions.assertThat(java.time.Duration.between(from, to))
                  .isEqualTo(java.time.Duration.ofDays(30));
            });
  }

  @Test
  void invalidParametersAnswer400WithEveryReason() throws Exception {
    mvc.perform(get("/api/analytics/send-verdicts?from=yesterday&to=2020-13-01&journey=a b"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value("invalid parameters"))
        .andExpect(jsonPath("$.details[*].field", containsInAnyOrder("from", "to", "journey")));
    mvc.perform(get("/api/analytics/send-verdicts?from=2020-03-02&to=2020-03-01"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details[0].reason").value("must be before to"));
    mvc.perform(get("/api/analytics/send-verdicts?from=2019-01-01&to=2020-03-01"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details[0].field").value("to"));
  }

  @Test
  void viewersMayReadItSalesMayNot() throws Exception {
    String viewer = "viewer" + UUID.randomUUID().toString().substring(0, 8);
    User user = identity.newUser(viewer);
    user.setPassword("viewer-password");
    identity.saveUser(user);
    identity.createMembership(viewer, io.journeys.security.Roles.VIEWER);

    mvc.perform(
            get("/api/analytics/send-verdicts" + WINDOW)
                .header(HttpHeaders.AUTHORIZATION, basic(viewer, "viewer-password")))
        .andExpect(status().isOk());
    mvc.perform(
            get("/api/analytics/send-verdicts" + WINDOW)
                .header(HttpHeaders.AUTHORIZATION, basic("sales", "sales")))
        .andExpect(status().isForbidden());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private void message(
      String journey, String channel, String template, String status, String detail, String time) {
    Instant at = Instant.parse(time.length() == 5 ? "2020-03-01T" + time + ":00Z" : time);
    jdbc.update(
        "insert into message (id, idempotency_key, contact_id, channel, template, status,"
            + " detail, created_at, journey_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        UUID.randomUUID().toString(),
        UUID.randomUUID().toString(),
        "c-analytics",
        channel,
        template,
        status,
        detail,
        at.atOffset(ZoneOffset.UTC),
        journey);
  }
}
