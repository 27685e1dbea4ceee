package io.journeys.scoring;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.journeys.contact.ContactDirectory;
import io.journeys.event.EventIntake;
import io.journeys.event.IncomingEvent;
import io.journeys.support.IntegrationTestSupport;
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
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Scoring and tags on the production shape (PostgreSQL): the score of the seed's example, one
 * {@code lead.qualified}, tags with features, and a re-scoring that stops after a batch (a crash)
 * and resumes from its cursor without counting anything twice.
 */
class ScoringIntegrationTest extends IntegrationTestSupport {

  @Autowired EventIntake intake;
  @Autowired TagPass tags;
  @Autowired TagQueue queue;
  @Autowired Rescorer rescorer;
  @Autowired ScoringModel model;
  @Autowired RescoreJobs jobs;
  @Autowired RepositoryService repository;
  @Autowired ContactDirectory directory;

  static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC);

  String contact(Map<String, Object> attributes) {
    String id = "si-" + UUID.randomUUID();
    ResponseEntity<String> created =
        rest.exchange(
            "/api/contacts/" + id,
            HttpMethod.PUT,
            new HttpEntity<>(Map.of("email", id + "@example.com", "attributes", attributes)),
            String.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return id;
  }

  static IncomingEvent event(
      String contactId, String type, Map<String, Object> properties, Duration ago) {
    return new IncomingEvent(
        "e-" + UUID.randomUUID(), type, contactId, null, null, NOW.minus(ago), properties);
  }

  @Test
  void scoresQualifiesAndTagsOnPostgresql() {
    // the integration tests run without the tag thread (journeys.tags.worker=false), so the queue
    // holds every contact the earlier test classes imported, changed or gave an event (over a
    // hundred thousand with the imports): set them aside, so that the rounds this test waits for
    // refresh its own contact (and what is queued meanwhile), not the whole shared database
    queue.take(Integer.MAX_VALUE);
    String id = contact(Map.of("phoneVerified", true, "company", "ACME"));
    intake.ingest(
        List.of(
            event(id, "form.submitted", Map.of("formId", "whitepaper"), Duration.ofDays(3)),
            event(id, "webinar.attended", Map.of(), Duration.ofDays(2)),
            event(id, "price.enquired", Map.of(), Duration.ofDays(1)),
            event(id, "price.enquired", Map.of(), Duration.ofHours(1)),
            event(
                id,
                "order.placed",
                Map.of("orderId", "o-1", "amount", 6000, "currency", "CNY"),
                Duration.ofHours(1))));

    JsonNode score = rest.getForObject("/api/contacts/" + id + "/score", JsonNode.class);
    assertThat(score.get("total").asInt()).isEqualTo(24);
    assertThat(score.get("mql").asBoolean()).isTrue();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event where contact_id = ? and type = 'lead.qualified'",
                Long.class,
                id))
        .isOne();

    // a transaction that holds the contact (a journey's job on its events) makes the round skip
    // it (re-queued): the tags come with the next round
    waitFor("the tags of " + id)
        .untilAsserted(
            () -> {
              tags.drain();
              assertThat(directory.find(id).orElseThrow().tags())
                  .contains("vip", "high-intent", "new-member", "new");
            });
    JsonNode profile = rest.getForObject("/api/contacts/" + id, JsonNode.class);
    assertThat(profile.get("score").asInt()).isEqualTo(24);
    assertThat(profile.get("lifecycleStage").asText()).isEqualTo("new");
    assertThat(profile.get("features").get("spend365d").asDouble()).isEqualTo(6000.0);
    assertThat(profile.get("tagDetails").findValuesAsText("source"))
        .allMatch(s -> s.startsWith("rule:contact-tags@"));
  }

  @Test
  void aReScoringInterruptedAfterABatchResumesFromItsCursor() throws Exception {
    String id = contact(Map.of());
    intake.ingest(List.of(event(id, "webinar.attended", Map.of(), Duration.ofDays(1))));
    String original = dmn();
    String changed =
        original.replaceFirst(
            "(<outputEntry id=\"Rule_Webinar_Out3\">\\s*<text>)15(</text>)", "$125$2");
    assertThat(changed).as("the webinar row's points changed").isNotEqualTo(original);
    deploy(changed);
    try {
      ScoreRules rules = model.refresh();
      jobs.create(rules.version(), 1, java.time.Instant.now());
      assertThat(rescorer.batch(rules)).as("one batch, then the node stops").isPositive();
      RescoreJobs.Job interrupted = jobs.find(rules.version()).orElseThrow();
      assertThat(interrupted.afterContact()).isNotNull();

      rescorer.runToEnd(); // the next poll, on any node

      RescoreJobs.Job done = jobs.find(rules.version()).orElseThrow();
      assertThat(done.status()).isEqualTo(RescoreJobs.DONE);
      assertThat(done.processed())
          .isEqualTo(
              jdbc.queryForObject(
                  "select count(*) from contact where id <= ?", Long.class, done.afterContact()));
      assertThat(
              rest.getForObject("/api/contacts/" + id + "/score", JsonNode.class)
                  .get("total")
                  .asInt())
          .isEqualTo(10);
      assertThat(
              jdbc.queryForObject(
                  "select count(*) from score_ledger where contact_id = ?"
                      + " and table_version = ?",
                  Long.class,
                  id,
                  rules.version()))
          .isOne();
    } finally {
      deploy(original);
      rescorer.runToEnd();
    }
  }

  private String dmn() throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("dmn/lead-scoring.dmn")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void deploy(String xml) {
    repository
        .createDeployment()
        .name("scoring-integration-test")
        .addString("lead-scoring.dmn", xml)
        .deploy();
  }
}
