package io.journeys.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.config.EngineClock;
import io.journeys.contact.ContactDirectory;
import io.journeys.support.DemoAdminMockMvc;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The embedded default's demo activity, over 4 days instead of 21: it runs real journeys through
 * the past, so analytics has sends, opens and orders to show, older customers become dormant or
 * inactive and go through the win-back and reactivation journeys, and it runs only once.
 */
@SpringBootTest(
    properties = {
      "spring.datasource.url=jdbc:h2:mem:journeys-demo-activity;DB_CLOSE_DELAY=-1",
      "camunda.bpm.job-execution.enabled=false",
      "journeys.demo.activity=true",
      "journeys.demo.days=4"
    })
@AutoConfigureMockMvc
@Import(DemoAdminMockMvc.class)
class DemoActivityTest {

  @Autowired MockMvc mvc;
  @Autowired ObjectMapper json;
  @Autowired ContactDirectory contacts;
  @Autowired HistoryService history;
  @Autowired RepositoryService repository;
  @Autowired ManagementService management;
  @Autowired DemoActivity demo;

  @Test
  void runsJourneysThroughThePastSoThatTheFiguresAreThereAndRunsOnce() throws Exception {
    assertThat(Duration.between(EngineClock.now(), Instant.now()).abs())
        .as("back on real time")
        .isLessThan(Duration.ofMinutes(1));
    assertThat(contacts.find(DemoActivity.FIRST_CONTACT)).isPresent();

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonNode metrics = channelMetrics(today, "channel");
    long sent = 0;
    long opens = 0;
    long clicks = 0;
    for (JsonNode row : metrics.path("rows")) {
      sent += row.path("counts").path("sent").asLong();
      opens += row.path("counts").path("uniqueOpens").asLong();
      clicks += row.path("counts").path("uniqueClicks").asLong();
    }
    assertThat(sent).as("messages the journeys sent: " + metrics).isPositive();
    assertThat(opens).as("opens of them").isPositive().isLessThan(sent);
    assertThat(clicks).as("clicks").isPositive().isLessThanOrEqualTo(opens);

    long cartEntries =
        history
            .createHistoricProcessInstanceQuery()
            .processDefinitionKey("cart-abandonment")
            .count();
    long ended =
        history
            .createHistoricProcessInstanceQuery()
            .processDefinitionKey("cart-abandonment")
            .finished()
            .count();
    assertThat(cartEntries).isPositive();
    assertThat(ended).as("orders end some carts' journeys").isPositive();
    assertThat(
            history
                .createHistoricProcessInstanceQuery()
                .processDefinitionKey("new-member-onboarding")
                .count())
        .isPositive();

    // goals: cart-abandonment and new-member-onboarding declare order.placed, so orders convert
    long conversions = 0;
    java.math.BigDecimal revenue = java.math.BigDecimal.ZERO;
    for (JsonNode row : metrics.path("rows")) {
      conversions += row.path("counts").path("conversions").asLong();
      revenue = revenue.add(row.path("counts").path("revenue").decimalValue());
    }
    assertThat(conversions).as("goal conversions: " + metrics).isPositive();
    assertThat(revenue).isPositive();
    // every journey the demo ran that declares a goal (cart-abandonment, new-member-onboarding,
    // ...) converts some of its entries, in each experiment arm that has entries
    Set<String> withGoal = new TreeSet<>();
    for (ProcessDefinition definition :
        repository.createProcessDefinitionQuery().latestVersion().list()) {
      String journey = definition.getKey();
      MockHttpServletResponse response =
          mvc.perform(
                  get("/api/journeys/" + journey + "/funnel")
                      .param("from", today.minusDays(5).toString())
                      .param("to", today.toString()))
              .andReturn()
              .getResponse();
      if (response.getStatus() == 404) { // never entered in the demo (e.g. the broadcasts)
        continue;
      }
      assertThat(response.getStatus()).as(journey).isEqualTo(200);
      JsonNode funnel = json.readTree(response.getContentAsString());
      JsonNode goal = funnel.path("goal");
      if (goal.isMissingNode() || goal.isNull()) {
        continue;
      }
      withGoal.add(journey);
      assertThat(goal.path("entries").asLong()).as(journey + " " + goal).isPositive();
      assertThat(goal.path("conversions").asLong())
          .as(journey + " conversions " + goal)
          .isPositive()
          .isLessThanOrEqualTo(goal.path("entries").asLong());
      assertThat(goal.path("revenue").decimalValue()).as(journey + " revenue").isPositive();
      for (JsonNode arm : funnel.path("arms")) {
        if (arm.path("entries").asLong() > 0) {
          assertThat(arm.path("conversions").asLong())
              .as(journey + " arm " + arm.path("arm").asText())
              .isPositive();
        }
      }
    }
    assertThat(withGoal)
        .contains(
            "cart-abandonment",
            "new-member-onboarding",
            "dormant-win-back",
            "dormant-reactivation");

    // the older customers: registered months ago, so the nightly pass of the demo nights found
    // them dormant (seed 002) or inactive (seed 004); high- and low-value members got their own
    // gift email; the dormant who did not order are still members
    assertThat(contacts.find(DemoActivity.OLDER + "0001").orElseThrow().createdAt())
        .isBefore(Instant.now().minus(Duration.ofDays(180)));
    JsonNode winBack =
        json.readTree(
            mvc.perform(
                    get("/api/journeys/dormant-win-back/funnel")
                        .param("from", today.minusDays(5).toString())
                        .param("to", today.toString()))
                .andReturn()
                .getResponse()
                .getContentAsString());
    for (String gift : Set.of("Task_SendVipGiftEmail", "Task_SendGiftEmail")) {
      assertThat(node(winBack, gift).path("entered").asLong())
          .as(gift + " " + winBack)
          .isPositive();
    }
    assertThat(
            json.readTree(
                    mvc.perform(get("/api/segments/dormant"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .path("size")
                .asLong())
        .as("dormant members now")
        .isPositive();
    // the pass ran every generated night, and its timer is back on real time (next night)
    assertThat(
            history
                .createHistoricProcessInstanceQuery()
                .processDefinitionKey("segment-dormant-scan")
                .count())
        .as("nightly passes in 4 demo days")
        .isGreaterThanOrEqualTo(4);
    Job timer =
        management
            .createJobQuery()
            .processDefinitionKey("segment-dormant-scan")
            .timers()
            .singleResult();
    assertThat(timer.getDuedate().toInstant())
        .isAfter(Instant.now().minus(Duration.ofHours(1)))
        .isBefore(Instant.now().plus(Duration.ofHours(25)));

    // the experiment of new-member-onboarding (A/B split of the welcome subject): both arms drew
    // contacts; far fewer than 1,000 per arm, so no winner, and the report says why
    JsonNode experiment =
        json.readTree(
            mvc.perform(get("/api/experiments/onboarding-welcome-subject"))
                .andReturn()
                .getResponse()
                .getContentAsString());
    assertThat(experiment.path("arms")).as(experiment.toString()).hasSize(2);
    for (JsonNode arm : experiment.path("arms")) {
      assertThat(arm.path("contacts").asLong()).as(arm.toString()).isPositive();
      assertThat(arm.path("messages").path("sent").asLong()).as(arm.toString()).isPositive();
      assertThat(arm.path("conversions").asLong())
          .as("first orders of the arm's new members " + arm)
          .isPositive()
          .isLessThanOrEqualTo(arm.path("contacts").asLong());
    }
    assertThat(experiment.path("status").asText())
        .isEqualTo("collecting (fewer than 1000 per arm)");
    assertThat(experiment.has("winner")).isFalse();

    // demo prices (DemoPrices): cost, cost per conversion and ROI in the channel metrics ...
    JsonNode total = channelMetrics(today, "").path("rows").path(0);
    assertThat(total.path("counts").path("cost").decimalValue()).as(total.toString()).isPositive();
    assertThat(total.path("rates").has("costPerConversion")).as(total.toString()).isTrue();
    assertThat(total.path("rates").has("roi")).isTrue();
    // ... and the demo campaign prices its sandbox sends: cost, CPA and ROI
    String campaign = null;
    for (JsonNode c :
        json.readTree(
            mvc.perform(get("/api/campaigns")).andReturn().getResponse().getContentAsString())) {
      if (c.path("name").asText().startsWith("[Demo]")) {
        campaign = c.path("id").asText();
      }
    }
    assertThat(campaign).as("the demo campaign").isNotNull();
    JsonNode results =
        json.readTree(
            mvc.perform(get("/api/campaigns/" + campaign + "/results"))
                .andReturn()
                .getResponse()
                .getContentAsString());
    assertThat(results.path("sandboxPriced").asBoolean()).as(results.toString()).isTrue();
    assertThat(results.path("messagesSent").asLong()).isPositive();
    assertThat(results.path("cost").decimalValue()).isPositive();
    assertThat(results.path("roi").isNumber()).as("ROI " + results).isTrue();
    assertThat(results.path("cpa").isNumber()).as("CPA " + results).isTrue();

    long contactsBefore = history.createHistoricProcessInstanceQuery().count();
    demo.run(null);
    assertThat(history.createHistoricProcessInstanceQuery().count())
        .as("a second start makes nothing new")
        .isEqualTo(contactsBefore);
  }

  private static JsonNode node(JsonNode funnel, String nodeId) {
    for (JsonNode node : funnel.path("nodes")) {
      if (nodeId.equals(node.path("nodeId").asText())) {
        return node;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** The channel metrics of the demo's days, in total, grouped by {@code groupBy} ("": none). */
  private JsonNode channelMetrics(LocalDate today, String groupBy) throws Exception {
    return json.readTree(
        mvc.perform(
                get("/api/analytics/channel-metrics")
                    .param("from", today.minusDays(5).toString())
                    .param("to", today.plusDays(1).toString())
                    .param("interval", "total")
                    .param("groupBy", groupBy))
            .andReturn()
            .getResponse()
            .getContentAsString());
  }
}
