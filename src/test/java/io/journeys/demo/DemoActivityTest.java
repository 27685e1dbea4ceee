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
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The embedded default's demo activity, over 4 days instead of 21: it runs real journeys through
 * the past, so analytics has sends, opens and orders to show, and it runs only once.
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
  @Autowired DemoActivity demo;

  @Test
  void runsJourneysThroughThePastSoThatTheFiguresAreThereAndRunsOnce() throws Exception {
    assertThat(Duration.between(EngineClock.now(), Instant.now()).abs())
        .as("back on real time")
        .isLessThan(Duration.ofMinutes(1));
    assertThat(contacts.find(DemoActivity.FIRST_CONTACT)).isPresent();

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonNode metrics =
        json.readTree(
            mvc.perform(
                    get("/api/analytics/channel-metrics")
                        .param("from", today.minusDays(5).toString())
                        .param("to", today.plusDays(1).toString())
                        .param("interval", "total")
                        .param("groupBy", "channel"))
                .andReturn()
                .getResponse()
                .getContentAsString());
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

    long contactsBefore = history.createHistoricProcessInstanceQuery().count();
    demo.run(null);
    assertThat(history.createHistoricProcessInstanceQuery().count())
        .as("a second start makes nothing new")
        .isEqualTo(contactsBefore);
  }
}
