package io.journeys.config;

import java.util.Arrays;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Chooses the deployment shape before configuration files are read: the {@code production}
 * profile when {@code JOURNEYS_DB_URL} is set, the {@code embedded} profile (H2, in-process
 * events, sandbox channels, demo data) otherwise. An explicitly active shape is left alone.
 */
public class DeploymentShapeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  static final String EMBEDDED = "embedded";
  static final String PRODUCTION = "production";
  private static final Set<String> SHAPES = Set.of(EMBEDDED, PRODUCTION);

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    boolean chosen = Arrays.stream(env.getActiveProfiles()).anyMatch(SHAPES::contains)
        || Arrays.stream(StringUtils.commaDelimitedListToStringArray(
                env.getProperty("spring.profiles.active", "")))
            .map(String::trim)
            .anyMatch(SHAPES::contains);
    if (!chosen) {
      env.addActiveProfile(
          StringUtils.hasText(env.getProperty("JOURNEYS_DB_URL")) ? PRODUCTION : EMBEDDED);
    }
  }

  @Override
  public int getOrder() {
    // before ConfigDataEnvironmentPostProcessor reads application-<profile>.yaml
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
