package io.journeys.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.channel.SendGate;
import io.journeys.channel.SendGate.Verdict;
import io.journeys.channel.SendRequest;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactFacts;
import io.journeys.event.EventHistory;
import io.journeys.event.EventIntake;
import io.journeys.event.IncomingEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Rule-driven tags in the running application: added after an intake batch with source and a {@code
 * tag.added} event, removed when a window runs out without a new event (a later clock), lifecycle
 * stage written, and the {@code vip} / {@code new-member} frequency caps applying.
 */
@ScoringSpringTest
class TagsFlowTest {

  @Autowired MockMvc mvc;
  @Autowired EventIntake intake;
  @Autowired JdbcTemplate jdbc;
  @Autowired TagPass pass;
  @Autowired TagModel model;
  @Autowired ContactFacts contacts;
  @Autowired EventHistory history;
  @Autowired ContactScores scores;
  @Autowired FeatureStore features;
  @Autowired ContactDirectory directory;
  @Autowired SendGate gate;

  static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC);

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  String contact() throws Exception {
    String id = "t-" + UUID.randomUUID();
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"email\": \""
                        + id
                        + "@example.com\", \"timezone\": \"UTC\","
                        + " \"consent\": {\"email\": true}}"))
        .andExpect(status().isCreated());
    return id;
  }

  static IncomingEvent event(
      String contactId, String type, Map<String, Object> properties, Duration ago) {
    return new IncomingEvent(
        "e-" + UUID.randomUUID(), type, contactId, null, null, NOW.minus(ago), properties);
  }

  List<Map<String, Object>> tagEvents(String contactId) {
    return jdbc.queryForList(
        "select type, properties from event where contact_id = ?"
            + " and type in ('tag.added', 'tag.removed') order by received_at, id",
        contactId);
  }

  @Test
  void aTagComesWithItsRuleAndGoesWhenItsWindowRunsOut() throws Exception {
    String id = contact();
    Duration ago = Duration.ofDays(6).plusHours(12);
    for (int i = 0; i < 5; i++) {
      intake.ingest(
          List.of(event(id, "product.viewed", Map.of("productId", "p-" + i), ago.minusMinutes(i))));
    }
    pass.drain();

    String source = "rule:contact-tags@" + model.current().version();
    assertThat(directory.find(id).orElseThrow().tags())
        .as("new wins the lifecycle group over active")
        .containsExactlyInAnyOrder("frequent-product-viewer", "new-member", "new");
    assertThat(directory.find(id).orElseThrow().lifecycleStage()).isEqualTo("new");
    assertThat(contacts.tags(List.of(id)).get(id))
        .allSatisfy(t -> assertThat(t.source()).isEqualTo(source));
    assertThat(tagEvents(id))
        .filteredOn(e -> e.get("TYPE").equals("tag.added"))
        .hasSize(3)
        .anySatisfy(
            e ->
                assertThat(e.get("PROPERTIES").toString())
                    .contains("\"tag\":\"frequent-product-viewer\""));
    mvc.perform(get("/api/contacts/" + id))
        .andExpect(
            jsonPath("$.tagDetails[?(@.tag == 'frequent-product-viewer')].source").value(source))
        .andExpect(jsonPath("$.tagDetails[?(@.tag == 'new')].nameZh").value("新客"))
        .andExpect(jsonPath("$.features.productViews7d").value(5));

    // 23 hours later the views are 7 days and 11 hours old: no new event, the pass removes the tag
    TagRefresher later =
        new TagRefresher(
            model,
            contacts,
            history,
            scores,
            features,
            intake,
            Clock.offset(Clock.systemUTC(), Duration.ofHours(23)));
    later.refresh(List.of(id));

    assertThat(directory.find(id).orElseThrow().tags())
        .containsExactlyInAnyOrder("new-member", "new");
    assertThat(tagEvents(id))
        .filteredOn(e -> e.get("TYPE").equals("tag.removed"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.get("PROPERTIES").toString())
                    .contains(
                        "\"tag\":\"frequent-product-viewer\"",
                        "\"reason\":\"rule no longer holds\""));
  }

  @Test
  void theLosingLifecycleStageIsRemovedWithItsReason() throws Exception {
    String id = contact();
    intake.ingest(List.of(event(id, "login", Map.of(), Duration.ofHours(1))));
    pass.drain();
    assertThat(directory.find(id).orElseThrow().tags()).contains("new").doesNotContain("dormant");
    jdbc.update("update contact set created_at = ? where id = ?", NOW.minusDays(200), id);
    jdbc.update(
        "update event set occurred_at = ? where contact_id = ? and type = 'login'",
        NOW.minusDays(120),
        id);

    pass.drain();
    TagRefresher refresher =
        new TagRefresher(model, contacts, history, scores, features, intake, Clock.systemUTC());
    refresher.refresh(List.of(id));

    assertThat(directory.find(id).orElseThrow().tags())
        .contains("dormant", "churn-risk")
        .doesNotContain("new", "new-member");
    assertThat(directory.find(id).orElseThrow().lifecycleStage()).isEqualTo("dormant");
    assertThat(tagEvents(id))
        .filteredOn(e -> e.get("TYPE").equals("tag.removed"))
        .anySatisfy(
            e ->
                assertThat(e.get("PROPERTIES").toString())
                    .contains("\"tag\":\"new\"", "exclusive group lifecycle: dormant wins"));
  }

  @Test
  void vipAndNewMemberCapsApplyOnceTheRulesGiveTheTags() throws Exception {
    String vip = contact();
    intake.ingest(
        List.of(
            event(
                vip,
                "order.placed",
                Map.of("orderId", "o-1", "amount", 5200.0, "currency", "CNY"),
                Duration.ofDays(3))));
    String fresh = contact();
    intake.ingest(List.of(event(fresh, "login", Map.of(), Duration.ofMinutes(5))));
    pass.drain();
    String untagged = contact(); // queued by its creation, never refreshed: only the 2-a-day cap
    assertThat(directory.find(vip).orElseThrow().tags()).contains("vip", "new-member");
    assertThat(directory.find(fresh).orElseThrow().tags())
        .contains("new-member")
        .doesNotContain("vip");

    Instant day1 =
        NOW.toInstant().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(12));
    for (String id : List.of(vip, fresh, untagged)) {
      ClockUtil.setCurrentTime(Date.from(day1));
      assertThat(send(id).decision()).isEqualTo(Verdict.Decision.SEND);
      assertThat(send(id).decision()).isEqualTo(Verdict.Decision.SEND);
      ClockUtil.setCurrentTime(Date.from(day1.plus(Duration.ofDays(1))));
    }
    Verdict vipDay2 = send(vip);
    assertThat(vipDay2.decision()).isEqualTo(Verdict.Decision.SKIP);
    assertThat(vipDay2.reason()).isEqualTo("frequency cap all 2/P30D tag=vip");
    assertThat(send(fresh).decision()).isEqualTo(Verdict.Decision.SEND);
    Verdict freshFourth = send(fresh);
    assertThat(freshFourth.decision()).isEqualTo(Verdict.Decision.SKIP);
    assertThat(freshFourth.reason()).isEqualTo("frequency cap all 3/P3D tag=new-member");
    assertThat(send(untagged).decision()).isEqualTo(Verdict.Decision.SEND);
    assertThat(send(untagged).decision()).isEqualTo(Verdict.Decision.SEND);
  }

  private Verdict send(String contactId) {
    return gate.check(
        "m-" + UUID.randomUUID(),
        new SendRequest(
            "k-" + UUID.randomUUID(),
            contactId,
            Channel.EMAIL,
            "lead-welcome",
            null,
            null,
            Map.of()),
        directory.find(contactId).orElseThrow());
  }
}
