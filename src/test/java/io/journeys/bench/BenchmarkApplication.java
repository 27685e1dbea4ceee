package io.journeys.bench;

import io.journeys.JourneysApplication;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application in its production shape on a benchmark's database: no job executor, quiet logs.
 * The settings are command-line arguments, so that they win over application*.yaml (default
 * properties of the builder would not).
 */
public final class BenchmarkApplication {

  private BenchmarkApplication() {}

  public static ConfigurableApplicationContext start(String jdbcUrl) {
    Map<String, String> settings =
        Map.of(
            "JOURNEYS_DB_URL", jdbcUrl,
            "JOURNEYS_DB_USER", "postgres",
            "JOURNEYS_ADMIN_USER", "admin",
            "JOURNEYS_ADMIN_PASSWORD", "benchmark-secret",
            "journeys.secret", "benchmark-secret-0123456789abcdef",
            "server.port", "0",
            "camunda.bpm.job-execution.enabled", "false",
            "logging.level.root", "WARN",
            "logging.level.benchmark", "INFO");
    return new SpringApplicationBuilder(JourneysApplication.class)
        .profiles("production")
        .run(
            settings.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
  }
}
