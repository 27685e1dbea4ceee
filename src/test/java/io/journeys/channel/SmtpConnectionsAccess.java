package io.journeys.channel;

import org.springframework.context.ApplicationContext;

/** For the benchmark: turns the kept SMTP connections on and off in a running application. */
public final class SmtpConnectionsAccess {

  private SmtpConnectionsAccess() {}

  /**
   * Keeps up to {@code connections} open (0: a connection per email); returns those opened so far.
   */
  public static long resize(ApplicationContext app, int connections) {
    SmtpConnections pool = app.getBean(SmtpConnections.class);
    pool.resize(connections);
    return pool.opened();
  }
}
