package io.journeys.scoring;

import static io.journeys.support.ErrorBodies.errorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.event.EventIntake;
import io.journeys.event.IncomingEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Lead scoring in the running application: events through the intake score into the ledger once,
 * the profile and {@code /score} show the seed's worked example, a hot lead emits {@code
 * lead.qualified} once, and a new table version re-scores existing contacts.
 */
@ScoringSpringTest
class LeadScoringFlowTest {

  @Autowired MockMvc mvc;
  @Autowired EventIntake intake;
  @Autowired JdbcTemplate jdbc;
  @Autowired RepositoryService repository;
  @Autowired Rescorer rescorer;
  @Autowired ScoringModel model;
  @Autowired ScoreReads reads;

  static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC);

  String contact(String attributes) throws Exception {
    String id = "s-" + UUID.randomUUID();
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"email\": \"" + id + "@example.com\", \"attributes\": " + attributes + "}"))
        .andExpect(status().isCreated());
    return id;
  }

  static IncomingEvent event(
      String contactId, String type, Map<String, Object> properties, Duration ago) {
    return new IncomingEvent(
        "e-" + UUID.randomUUID(), type, contactId, null, null, NOW.minus(ago), properties);
  }

  long events(String contactId, String type) {
    return jdbc.queryForObject(
        "select count(*) from event where contact_id = ? and type = ?",
        Long.class,
        contactId,
        type);
  }

  @Test
  void theSeedsWorkedExampleScores12OnTheProfileAndTheSameEventCountsOnce() throws Exception {
    String id = contact("{\"phoneVerified\": true}");
    IncomingEvent whitepaper =
        event(id, "form.submitted", Map.of("formId", "whitepaper"), Duration.ofHours(2));
    IncomingEvent enquiry = event(id, "price.enquired", Map.of(), Duration.ofMinutes(1));
    intake.ingest(
        List.of(
            whitepaper,
            enquiry,
            event(id, "page.viewed", Map.of("url", "https://x"), Duration.ZERO)));
    intake.ingest(List.of(whitepaper, enquiry));

    mvc.perform(get("/api/contacts/" + id + "/score"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.total").value(12))
        .andExpect(jsonPath("$.dimensions['基础信息']").value(5.0))
        .andExpect(jsonPath("$.dimensions['行为互动']").value(10.0))
        .andExpect(jsonPath("$.dimensions['意向程度']").value(20.0))
        .andExpect(jsonPath("$.mql").value(false))
        .andExpect(
            jsonPath("$.criteria[?(@.criterion == 'whitepaper')].events[0].eventId")
                .value(whitepaper.id()))
        .andExpect(
            jsonPath("$.criteria[?(@.criterion == 'whitepaper')].events[0].expiresAt")
                .isNotEmpty());
    mvc.perform(get("/api/contacts/" + id))
        .andExpect(jsonPath("$.score").value(12))
        .andExpect(jsonPath("$.scoring.total").value(12))
        .andExpect(jsonPath("$.scoring.mql").value(false));
    assertThat(
            jdbc.queryForObject(
                "select count(*) from score_ledger where contact_id = ?", Long.class, id))
        .isEqualTo(3);
  }

  @Test
  void anUnknownContactHasNoScore() throws Exception {
    String nobody = "s-" + UUID.randomUUID();
    mvc.perform(get("/api/contacts/" + nobody + "/score"))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("unknown contact"));
    assertThat(reads.score(nobody)).isEmpty();
  }

  @Test
  void aHotLeadQualifiesOnceAColdLeadDoesNot() throws Exception {
    String hot = contact("{\"phoneVerified\": true, \"company\": \"ACME\"}");
    intake.ingest(
        List.of(
            event(hot, "form.submitted", Map.of("formId", "whitepaper"), Duration.ofDays(10)),
            event(hot, "webinar.attended", Map.of(), Duration.ofDays(5))));
    intake.ingest(List.of(event(hot, "price.enquired", Map.of(), Duration.ofDays(2))));
    assertThat(events(hot, "lead.qualified")).isZero();
    intake.ingest(List.of(event(hot, "price.enquired", Map.of(), Duration.ofMinutes(5))));
    assertThat(events(hot, "lead.qualified")).isOne();
    intake.ingest(List.of(event(hot, "price.enquired", Map.of(), Duration.ofMinutes(1))));
    assertThat(events(hot, "lead.qualified")).as("still qualified: no second event").isOne();
    mvc.perform(get("/api/contacts/" + hot)).andExpect(jsonPath("$.scoring.mql").value(true));

    String cold = contact("{\"phoneVerified\": true}");
    intake.ingest(
        List.of(
            event(cold, "form.submitted", Map.of("formId", "whitepaper"), Duration.ofDays(1)),
            event(
                cold,
                "message.bounced",
                Map.of("channel", "sms", "hard", true),
                Duration.ofHours(1))));
    mvc.perform(get("/api/contacts/" + cold + "/score")).andExpect(jsonPath("$.total").value(4));
    assertThat(events(cold, "lead.qualified")).isZero();
  }

  @Test
  void aNewTableVersionReScoresExistingContacts() throws Exception {
    String id = contact("{}");
    intake.ingest(List.of(event(id, "webinar.attended", Map.of(), Duration.ofDays(1))));
    mvc.perform(get("/api/contacts/" + id + "/score")).andExpect(jsonPath("$.total").value(6));
    int before = model.current().version();

    String original = dmn();
    String changed =
        original.replaceFirst(
            "(<outputEntry id=\"Rule_Webinar_Out3\">\\s*<text>)15(</text>)", "$125$2");
    assertThat(changed).as("the webinar row's points changed").isNotEqualTo(original);
    deploy(changed);
    try {
      assertThat(rescorer.runToEnd()).isPositive();
      assertThat(model.current().version()).isEqualTo(before + 1);
      mvc.perform(get("/api/contacts/" + id + "/score"))
          .andExpect(jsonPath("$.total").value(10))
          .andExpect(jsonPath("$.tableVersion").value(before + 1));
      mvc.perform(get("/api/contacts/" + id)).andExpect(jsonPath("$.score").value(10));
      mvc.perform(get("/api/scoring"))
          .andExpect(jsonPath("$.rescores[0].tableVersion").value(before + 1))
          .andExpect(jsonPath("$.rescores[0].status").value("done"));
      assertThat(rescorer.runToEnd()).as("a finished job is not run again").isZero();
    } finally {
      deploy(original);
      rescorer.runToEnd();
    }
    mvc.perform(get("/api/contacts/" + id + "/score")).andExpect(jsonPath("$.total").value(6));
  }

  private String dmn() throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("dmn/lead-scoring.dmn")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void deploy(String xml) {
    repository.createDeployment().name("scoring-test").addString("lead-scoring.dmn", xml).deploy();
  }
}
