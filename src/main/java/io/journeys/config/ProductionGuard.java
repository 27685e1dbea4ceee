package io.journeys.config;

import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/** Refuses to start the production shape with a default or missing admin password. */
@Component
@Profile("production")
class ProductionGuard {

  ProductionGuard(Environment env) {
    String user = env.getProperty("JOURNEYS_ADMIN_USER");
    String password = env.getProperty("JOURNEYS_ADMIN_PASSWORD");
    if (!StringUtils.hasText(user) || !StringUtils.hasText(password)) {
      throw new IllegalStateException(
          "JOURNEYS_ADMIN_USER and JOURNEYS_ADMIN_PASSWORD must be set when JOURNEYS_DB_URL is set");
    }
    if (password.equals(user) || password.length() < 8) {
      throw new IllegalStateException(
          "JOURNEYS_ADMIN_PASSWORD must have at least 8 characters and differ from the user id");
    }
  }
}
