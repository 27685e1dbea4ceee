package io.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.IntegrationTestSupport;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The production shape starts on PostgreSQL with its migrations and the configured admin. */
class ProductionShapeIntegrationTest extends IntegrationTestSupport {

  @Autowired IdentityService identityService;

  @Test
  void startsOnPostgresWithMigrationsAndAdmin() {
    assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from journeys_schema_history where success", Integer.class))
        .isPositive();
    assertThat(identityService.checkPassword("admin", "integration-secret")).isTrue();
    assertThat(identityService.createUserQuery().memberOfGroup("camunda-admin").list())
        .as("without a camunda-admin member the webapps offer their setup page to anyone")
        .extracting(u -> u.getId())
        .containsExactly("admin");
    assertThat(identityService.createUserQuery().userId("demo").count())
        .as("no demo users in the production shape")
        .isZero();
  }

  @Test
  void healthIsUp() {
    ResponseEntity<Map> health = rest.getForEntity("/actuator/health", Map.class);
    assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(health.getBody()).containsEntry("status", "UP");
  }
}
