package io.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.security.Roles;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The embedded default: H2, demo users, webapps and engine REST served, health up, metrics for
 * Prometheus. Metrics are exported as in a running server (tests switch them off by default).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:embedded-shape;DB_CLOSE_DELAY=-1",
      "journeys.metrics.incidents-every=PT1S"
    })
@AutoConfigureObservability(tracing = false)
class EmbeddedShapeTest {

  @Autowired TestRestTemplate anonymous;
  @Autowired IdentityService identity;
  @Autowired Environment env;
  @Autowired RepositoryService repository;
  @Autowired org.camunda.bpm.engine.RuntimeService runtime;

  TestRestTemplate rest;

  @BeforeEach
  void asDemoAdmin() {
    rest = anonymous.withBasicAuth("demo", "demo");
  }

  @Test
  void isTheEmbeddedShapeWithDemoUsers() {
    assertThat(env.acceptsProfiles(Profiles.of("embedded"))).isTrue();
    assertThat(env.acceptsProfiles(Profiles.of("production"))).isFalse();
    assertThat(identity.createUserQuery().list())
        .extracting(u -> u.getId())
        .contains("demo", "sales");
    assertThat(identity.checkPassword("demo", "demo")).isTrue();
    assertThat(identity.checkPassword("sales", "sales")).isTrue();
    assertThat(identity.createUserQuery().userId("sales").memberOfGroup(Roles.SALES).count())
        .isOne();
    assertThat(identity.createUserQuery().userId("demo").memberOfGroup(Roles.ADMIN).count())
        .isOne();
    assertThat(
            identity
                .createGroupQuery()
                .groupIdIn(
                    Roles.ADMIN, Roles.MARKETING, Roles.SALES, Roles.CUSTOMER_SERVICE, Roles.VIEWER)
                .count())
        .isEqualTo(5);
    assertThat(identity.createUserQuery().userId("demo").memberOfGroup(Roles.CAMUNDA_ADMIN).count())
        .as("without a camunda-admin member the webapps offer their setup page to anyone")
        .isOne();
  }

  @Test
  void hasDemoContactsAndTheFirstJourneyDeployed() {
    ResponseEntity<Map> lilei = rest.getForEntity("/api/contacts/c-demo-lilei", Map.class);
    assertThat(lilei.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(lilei.getBody()).containsEntry("phone", "+8613800138000");
    assertThat(
            repository
                .createProcessDefinitionQuery()
                .processDefinitionKey("lead-nurturing")
                .count())
        .isOne();
  }

  @Test
  void servesHealthWebappsAndEngineRest() {
    ResponseEntity<Map> health = rest.getForEntity("/actuator/health", Map.class);
    assertThat(health.getBody()).containsEntry("status", "UP");
    assertThat(rest.getForEntity("/camunda/app/tasklist/", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(anonymous.getForEntity("/engine-rest/engine", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getForEntity("/api/contacts/c-demo-lilei", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getForEntity("/camunda/api/engine/engine/", String.class).getStatusCode())
        .as("the webapps' own REST API is theirs to protect, Tasklist cannot start without it")
        .isEqualTo(HttpStatus.OK);
    ResponseEntity<String> engines = rest.getForEntity("/engine-rest/engine", String.class);
    assertThat(engines.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(engines.getBody()).contains("default");
  }

  /** Analytics' meters on the page: the intake lag and the open incidents per journey. */
  @Test
  void prometheusShowsTheIntakeLagAndTheOpenIncidentsPerJourney() {
    String key = "shape-incidents";
    repository
        .createDeployment()
        .addModelInstance(
            key + ".bpmn",
            org.camunda.bpm.model.bpmn.Bpmn.createExecutableProcess(key)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask("Task_Wait")
                .endEvent()
                .done())
        .deploy();
    String instance = runtime.startProcessInstanceByKey(key).getId();
    String execution =
        runtime
            .createExecutionQuery()
            .processInstanceId(instance)
            .activityId("Task_Wait")
            .singleResult()
            .getId();
    runtime.createIncident("failedJob", execution, "test", "embedded shape test");
    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    assertThat(
            rest.postForEntity(
                    "/api/events",
                    new HttpEntity<>(
                        "{\"id\":\"shape-lag-1\",\"type\":\"custom.shape.tick\","
                            + "\"email\":\"shape-lag@example.com\",\"occurredAt\":\""
                            + java.time.Instant.now().minusSeconds(5)
                            + "\",\"properties\":{}}",
                        json),
                    String.class)
                .getStatusCode()
                .is2xxSuccessful())
        .isTrue();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(rest.getForEntity("/actuator/prometheus", String.class).getBody())
                    .contains(
                        "journeys_incidents_open{journey=\"" + key + "\"} 1.0",
                        "journeys_events_intake_lag_seconds_count ",
                        "journeys_events_intake_lag_seconds{quantile=\"0.5\"}"));
  }

  @Test
  void servesPrometheusMetricsToTheAdminAndMetricsReaderTokensOnly() {
    ResponseEntity<String> admin = rest.getForEntity("/actuator/prometheus", String.class);
    assertThat(admin.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(admin.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_PLAIN)).isTrue();
    assertThat(admin.getBody())
        .contains(
            "# TYPE jvm_memory_used_bytes gauge",
            "jvm_memory_used_bytes{",
            "journeys_events_stored_total",
            "journeys_events_refused_total");

    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<Map> issued =
        rest.postForEntity(
            "/api/tokens",
            new HttpEntity<>("{\"name\":\"prometheus\",\"groups\":[\"metrics-reader\"]}", json),
            Map.class);
    assertThat(issued.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    HttpHeaders scraper = new HttpHeaders();
    scraper.setBearerAuth((String) issued.getBody().get("token"));
    ResponseEntity<String> scraped =
        anonymous.exchange(
            "/actuator/prometheus", HttpMethod.GET, new HttpEntity<>(scraper), String.class);
    assertThat(scraped.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(scraped.getBody()).contains("jvm_memory_used_bytes{");
    assertThat(
            anonymous
                .exchange(
                    "/actuator/metrics", HttpMethod.GET, new HttpEntity<>(scraper), String.class)
                .getStatusCode())
        .as("a metrics-reader token reads the Prometheus page, nothing else")
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            anonymous
                .exchange(
                    "/api/contacts/c-demo-lilei",
                    HttpMethod.GET,
                    new HttpEntity<>(scraper),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    ResponseEntity<String> none = anonymous.getForEntity("/actuator/prometheus", String.class);
    assertThat(none.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(none.getBody()).doesNotContain("jvm_memory_used_bytes");
    assertThat(
            anonymous
                .withBasicAuth("sales", "sales")
                .getForEntity("/actuator/prometheus", String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }
}
