package io.journeys.support;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.mock.env.MockEnvironment;

/**
 * Switches the test JVM's logging to the application's {@code logback-spring.xml} (masking,
 * filters) for a test, and back to the test logging afterwards.
 */
public final class ApplicationLogging {

  private final LoggingSystem logging;

  private ApplicationLogging(LoggingSystem logging) {
    this.logging = logging;
  }

  /** Logging as the application configures it, from now on. */
  public static ApplicationLogging apply() {
    LoggingSystem logging = LoggingSystem.get(ApplicationLogging.class.getClassLoader());
    ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
    logging.beforeInitialize();
    logging.initialize(
        new LoggingInitializationContext(new MockEnvironment()),
        "classpath:logback-spring.xml",
        null);
    return new ApplicationLogging(logging);
  }

  /** Back to the test logging. */
  public void restore() {
    logging.cleanUp();
    ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
    logging.beforeInitialize();
    logging.initialize(new LoggingInitializationContext(new MockEnvironment()), null, null);
  }
}
