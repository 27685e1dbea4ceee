package io.journeys.config;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Refuses to start a production-like shape with a default or missing admin password or without
 * {@code JOURNEYS_SECRET}. Production-like: the {@code production} profile, {@code
 * JOURNEYS_DB_URL}, or any database other than the embedded H2 (the profile name alone once decided
 * it; finding 12).
 */
@Component
class ProductionGuard {

  static final int MIN_SECRET = 32;

  ProductionGuard(Environment env) {
    if (!productionLike(env)) {
      return;
    }
    String user = env.getProperty("JOURNEYS_ADMIN_USER");
    String password = env.getProperty("JOURNEYS_ADMIN_PASSWORD");
    if (!StringUtils.hasText(user) || !StringUtils.hasText(password)) {
      throw new InvalidSettingException(
          "JOURNEYS_ADMIN_USER and JOURNEYS_ADMIN_PASSWORD must be set when JOURNEYS_DB_URL is set",
          "Set both in the environment.");
    }
    if (password.equals(user) || password.length() < 8) {
      throw new InvalidSettingException(
          "JOURNEYS_ADMIN_PASSWORD must have at least 8 characters and differ from the user id",
          "Choose a longer password.");
    }
    String secret = env.getProperty("journeys.secret");
    if (!StringUtils.hasText(secret) || secret.length() < MIN_SECRET) {
      throw new InvalidSettingException(
          "JOURNEYS_SECRET must be set to at least "
              + MIN_SECRET
              + " characters in production: it"
              + " signs every link and keys the hashes of suppressed addresses",
          "Set JOURNEYS_SECRET, e.g. to the output of 'openssl rand -base64 48'; keep it stable.");
    }
  }

  static boolean productionLike(Environment env) {
    if (env.acceptsProfiles(Profiles.of("production"))
        || StringUtils.hasText(env.getProperty("JOURNEYS_DB_URL"))) {
      return true;
    }
    String url = env.getProperty("spring.datasource.url");
    return StringUtils.hasText(url) && !url.startsWith("jdbc:h2:");
  }
}
