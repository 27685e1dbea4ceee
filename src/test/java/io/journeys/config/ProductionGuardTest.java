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
        .isInstanceOf(InvalidSettingException.class)
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
        .withPropertyValues(
            "JOURNEYS_ADMIN_USER=admin",
            "JOURNEYS_ADMIN_PASSWORD=a-long-secret",
            "journeys.secret=" + "s".repeat(ProductionGuard.MIN_SECRET))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ProductionGuard.class));
  }

  /**
   * Finding 12: JOURNEYS_SECRET is required, and a non-H2 database is production whatever the
   * profile.
   */
  @Test
  void aMissingOrShortSecretIsRefused() {
    production
        .withPropertyValues("JOURNEYS_ADMIN_USER=admin", "JOURNEYS_ADMIN_PASSWORD=a-long-secret")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("JOURNEYS_SECRET must be set"));
    production
        .withPropertyValues(
            "JOURNEYS_ADMIN_USER=admin",
            "JOURNEYS_ADMIN_PASSWORD=a-long-secret",
            "journeys.secret=too-short")
        .run(context -> assertThat(context).hasFailed());
    new ApplicationContextRunner()
        .withInitializer(context -> context.getEnvironment().setActiveProfiles("embedded"))
        .withPropertyValues("spring.datasource.url=jdbc:postgresql://db/journeys")
        .withUserConfiguration(ProductionGuard.class)
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "JOURNEYS_ADMIN_USER and JOURNEYS_ADMIN_PASSWORD must be set"));
  }

  /** Finding 12: a user id Camunda refuses stops start-up with one line, before the engine. */
  @Test
  void anAdminUserIdWithADashIsReportedInOneLine() {
    SpringApplicationBuilder app =
        new SpringApplicationBuilder(JourneysApplication.class)
            .web(WebApplicationType.NONE)
            .properties("JOURNEYS_ADMIN_USER=ops-admin", "camunda.bpm.job-execution.enabled=false");
    assertThatThrownBy(app::run)
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(
            "JOURNEYS_ADMIN_USER 'ops-admin' is not a valid Camunda user id: letters and digits only");
    assertThat(
            new InvalidSettingFailureAnalyzer()
                .analyze(new InvalidSettingException("a", "b"))
                .getAction())
        .isEqualTo("b");
  }

  @Test
  void theEmbeddedShapeNeedsNoPassword() {
    new ApplicationContextRunner()
        .withInitializer(context -> context.getEnvironment().setActiveProfiles("embedded"))
        .withUserConfiguration(ProductionGuard.class)
        .run(context -> assertThat(context).hasNotFailed());
  }
}
