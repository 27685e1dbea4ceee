package io.journeys.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Chooses the deployment shape before configuration files are read: the {@code production} profile
 * when {@code JOURNEYS_DB_URL} is set, the {@code embedded} profile (H2, in-process events, sandbox
 * channels, demo data) otherwise. It does so by setting the <em>default</em> profile, so an
 * explicitly activated profile ({@code SPRING_PROFILES_ACTIVE}, a test's {@code @ActiveProfiles})
 * replaces it instead of being mixed with it.
 */
public class DeploymentShapeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  static final String EMBEDDED = "embedded";
  static final String PRODUCTION = "production";

  /** Camunda's default whitelist of user ids (the admin user is created by the engine). */
  static final String USER_ID = "[a-zA-Z0-9]+";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    String admin = env.getProperty("JOURNEYS_ADMIN_USER");
    if (admin != null && !admin.isEmpty() && !admin.matches(USER_ID)) {
      // the engine would refuse it later, with a stack trace (finding 12)
      throw new InvalidSettingException(
          "JOURNEYS_ADMIN_USER '"
              + admin
              + "' is not a valid Camunda user id: letters and digits only",
          "Set JOURNEYS_ADMIN_USER to letters and digits only, e.g. opsadmin.");
    }
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
