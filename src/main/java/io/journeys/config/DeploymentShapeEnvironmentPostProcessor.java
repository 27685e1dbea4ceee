package io.journeys.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Chooses the deployment shape before configuration files are read: the {@code production}
 * profile when {@code JOURNEYS_DB_URL} is set, the {@code embedded} profile (H2, in-process
 * events, sandbox channels, demo data) otherwise. It does so by setting the <em>default</em>
 * profile, so an explicitly activated profile ({@code SPRING_PROFILES_ACTIVE}, a test's
 * {@code @ActiveProfiles}) replaces it instead of being mixed with it.
 */
public class DeploymentShapeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  static final String EMBEDDED = "embedded";
  static final String PRODUCTION = "production";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    if (!env.containsProperty("spring.profiles.default")) {
      env.setDefaultProfiles(
          StringUtils.hasText(env.getProperty("JOURNEYS_DB_URL")) ? PRODUCTION : EMBEDDED);
    }
  }

  @Override
  public int getOrder() {
    // before ConfigDataEnvironmentPostProcessor reads application-<profile>.yaml
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
