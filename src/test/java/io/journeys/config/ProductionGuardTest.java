package io.journeys.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeys.JourneysApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The production shape refuses to start without an admin password from the environment. */
class ProductionGuardTest {

  @Test
  void theApplicationInTheProductionShapeWithoutAdminPasswordDoesNotStart() {
    SpringApplicationBuilder app =
        new SpringApplicationBuilder(JourneysApplication.class)
            .web(WebApplicationType.NONE)
            .properties(
                "JOURNEYS_DB_URL=jdbc:h2:mem:production-guard;DB_CLOSE_DELAY=-1",
                "JOURNEYS_ADMIN_USER=admin",
                "JOURNEYS_ADMIN_PASSWORD=",
                "camunda.bpm.job-execution.enabled=false");
    assertThatThrownBy(app::run)
        .rootCause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JOURNEYS_ADMIN_PASSWORD must be set");
  }

  private final ApplicationContextRunner production =
      new ApplicationContextRunner()
          .withInitializer(context -> context.getEnvironment().setActiveProfiles("production"))
          .withUserConfiguration(ProductionGuard.class);

  @Test
  void aWeakOrDefaultPasswordIsRefused() {
    production
        .withPropertyValues("JOURNEYS_ADMIN_USER=admin", "JOURNEYS_ADMIN_PASSWORD=admin")
        .run(context -> assertThat(context).hasFailed());
    production
        .withPropertyValues("JOURNEYS_ADMIN_USER=admin", "JOURNEYS_ADMIN_PASSWORD=short")
        .run(context -> assertThat(context).hasFailed());
    production
        .withPropertyValues("JOURNEYS_ADMIN_USER=admin", "JOURNEYS_ADMIN_PASSWORD=a-long-secret")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ProductionGuard.class));
  }

  @Test
  void theEmbeddedShapeNeedsNoPassword() {
    new ApplicationContextRunner()
        .withInitializer(context -> context.getEnvironment().setActiveProfiles("embedded"))
        .withUserConfiguration(ProductionGuard.class)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProductionGuard.class));
  }
}
