package io.journeys.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.operations.JourneyActions;
import io.journeys.support.IntegrationTestSupport;
import io.journeys.support.ProcessProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Alerts and meters on PostgreSQL in the running application. The journey error rule, set to pause
 * the journey, fires once on a journey with an owner (an address) and an emergency contact (a
 * phone): the journey is paused through operations, its waiting instance suspended, the owner
 * mailed; a second evaluation sends nothing; the rate back under 1 % recovers the rule (the owner
 * is mailed again) and the journey stays paused until an operator resumes it. The rule's rollups
 * are on a day of their own (2031), which the application's scheduled evaluation never reads. Then
 * {@code /actuator/prometheus} shows the intake lag and the open incidents per journey.
 */
class AlertsIntegrationTest extends IntegrationTestSupport {

  private static final Instant DAY = Instant.parse("2031-01-15T12:00:00Z");

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired DailyRollup rollup;
  @Autowired AlertNotifier notifier;
  @Autowired JourneyActions journeys;
  @Autowired IntakeMeters meters;
  @Autowired MeterRegistry registry;
  private final ObjectMapper json = new ObjectMapper();
  private final String key = "alerts-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final String owner = key + "-owner@example.com";
  private String deployment;
  private Instant now = DAY;

  @AfterEach
  void cleanUp() {
    // pending first: the background fold moves pending increments into analytics_daily
    jdbc.update("delete from analytics_daily_pending where journey_key = ?", key);
    jdbc.update("delete from analytics_daily where journey_key = ?", key);
    jdbc.update("delete from analytics_alert_state where scope = ?", "journey=" + key);
    jdbc.update("delete from analytics_alert_event where scope = ?", "journey=" + key);
    if (deployment != null) {
      repository.deleteDeployment(deployment, true, true);
    }
  }

  @Test
  void aFiringRulePausesTheJourneyTellsTheOwnerOnceAndRecovers() throws Exception {
    deployment =
        repository.createDeployment().addModelInstance(key + ".bpmn", journey()).deploy().getId();
    String instance = runtime.startProcessInstanceByKey(key, key + "-c1").getId();
    Alerts alerts =
        new Alerts(
            jdbc,
            notifier,
            10_000,
            Duration.ofHours(6),
            AlertRule.defaults(0).stream()
                .map(AlertRule::id)
                .filter(id -> !id.equals("journey-error-rate"))
                .collect(Collectors.toSet()),
            Set.of("journey-error-rate"),
            journeys,
            new FixedClock());
    add("entries", 20_000);
    add("incidents", 400); // 2 % > 1 %

    alerts.evaluate();
    assertThat(get("/api/journeys/" + key).get("state").asText()).isEqualTo("paused");
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .processInstanceId(instance)
                .singleResult()
                .isSuspended())
        .isTrue();
    assertThat(mailsTo(owner)).containsExactly("fired");
    alerts.evaluate(); // still firing: nothing more
    assertThat(mailsTo(owner)).containsExactly("fired");

    now = DAY.plus(Duration.ofHours(1));
    add("entries", 40_000); // 400 / 60,000 = 0.67 %
    alerts.evaluate();
    assertThat(mailsTo(owner)).containsExactly("fired", "recovered");
    assertThat(get("/api/journeys/" + key).get("state").asText())
        .as("recovering does not resume: an operator does")
        .isEqualTo("paused");
    List<String> history = new ArrayList<>();
    for (JsonNode change : get("/api/alerts").get("history")) {
      if (change.get("scope").asText().equals("journey=" + key)) {
        history.add(0, change.get("kind").asText());
      }
    }
    assertThat(history).containsExactly("fired", "paused", "recovered");
    assertThat(
            jdbc.queryForObject(
                "select detail from journey_operation_audit where process_key = ?"
                    + " and action = 'pause'",
                String.class,
                key))
        .contains("alert journey-error-rate fired");

    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> resumed =
        rest.postForEntity(
            "/api/journeys/" + key + "/resume", new HttpEntity<>("{}", headers), String.class);
    assertThat(resumed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(get("/api/journeys/" + key).get("state").asText()).isEqualTo("running");
  }

  @Test
  void theIntakeLagTheOpenIncidentsAndTheKafkaConsumerAreMetered() throws Exception {
    deployment =
        repository.createDeployment().addModelInstance(key + ".bpmn", journey()).deploy().getId();
    String instance = runtime.startProcessInstanceByKey(key, key + "-c1").getId();
    String execution =
        runtime
            .createExecutionQuery()
            .processInstanceId(instance)
            .activityId("Task_Wait")
            .singleResult()
            .getId();
    runtime.createIncident("failedJob", execution, "test", "alerts integration test");
    Timer lag = registry.get("journeys.events.intake.lag").timer();
    long before = lag.count();
    double secondsBefore = lag.totalTime(TimeUnit.SECONDS);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String event =
        """
        {"id":"%s","type":"custom.alerts.tick","email":"%s@example.com","occurredAt":"%s","properties":{}}"""
            .formatted(UUID.randomUUID(), key, Instant.now().minusSeconds(5));
    assertThat(
            rest.postForEntity("/api/events", new HttpEntity<>(event, headers), String.class)
                .getStatusCode()
                .is2xxSuccessful())
        .isTrue();
    assertThat(lag.count()).isGreaterThan(before);
    assertThat(lag.totalTime(TimeUnit.SECONDS) - secondsBefore)
        .as("the event occurred 5 s before it was applied")
        .isGreaterThanOrEqualTo(5.0);

    meters.countIncidents();
    assertThat(registry.get("journeys.incidents.open").tag("journey", key).gauge().value())
        .isEqualTo(1.0);
    runtime.deleteProcessInstance(instance, "done");
    meters.countIncidents();
    assertThat(registry.get("journeys.incidents.open").tag("journey", key).gauge().value())
        .isZero();
    // the Kafka consumer's own meters (the page itself: EmbeddedShapeTest, without Kafka)
    assertThat(registry.find("kafka.consumer.fetch.manager.records.lag.max").gauges()).isNotEmpty();
  }

  private void add(String metric, long n) {
    LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
    String node = metric.equals("entries") ? "" : "Task_Wait";
    rollup.add(new DailyRollup.Key(day, key, 1, node, "", "", "", metric), n, BigDecimal.ZERO);
  }

  /** The kinds (fired, recovered) of the alert mails the address received, in order. */
  private List<String> mailsTo(String address) throws Exception {
    List<String> kinds = new ArrayList<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      boolean toIt = false;
      for (var r : m.getRecipients(Message.RecipientType.TO)) {
        toIt |= r.toString().equals(address);
      }
      String subject = m.getSubject();
      if (toIt && subject.startsWith("[Journeys alert]")) {
        assertThat(m.getContent().toString()).contains("emergency contact: +8613800138000");
        kinds.add(subject.substring("[Journeys alert] ".length(), subject.indexOf(':')));
      }
    }
    return kinds;
  }

  private BpmnModelInstance journey() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess(key)
            .camundaHistoryTimeToLive(1)
            .startEvent("StartEvent_Entered")
            .userTask("Task_Wait")
            .endEvent("EndEvent_Done")
            .done();
    ProcessProperties.set(model, key, Map.of("owner", owner, "emergencyContact", "+8613800138000"));
    return model;
  }

  private JsonNode get(String path) throws Exception {
    ResponseEntity<String> response = rest.getForEntity(path, String.class);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(response.getBody());
  }

  private final class FixedClock extends Clock {
    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
