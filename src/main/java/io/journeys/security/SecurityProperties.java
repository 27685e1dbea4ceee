package io.journeys.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code journeys.security.*}: rate limits per client IP.
 *
 * @param rateLimit limits of the public endpoints and of failed logins
 */
@ConfigurationProperties("journeys.security")
record SecurityProperties(@DefaultValue RateLimit rateLimit) {

  /**
   * @param publicRequests requests per client IP and {@code publicWindow} on {@code /t/**}, {@code
   *     /u/**} and {@code /hooks/**}
   * @param publicWindow the window of {@code publicRequests}
   * @param loginFailures failed Basic or token logins per client IP and user within {@code
   *     loginWindow}; further attempts answer 429 until the window has refilled
   * @param loginWindow the window of {@code loginFailures}
   */
  record RateLimit(
      @DefaultValue("120") int publicRequests,
      @DefaultValue("1m") Duration publicWindow,
      @DefaultValue("10") int loginFailures,
      @DefaultValue("15m") Duration loginWindow) {}
}
