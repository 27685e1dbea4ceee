package io.journeys.channel;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps the engine from logging a quiet-hours deferral as an error. A deferred send leaves its job
 * by throwing {@link SendDeferredException}, which the engine logs ("ENGINE-16004 Exception while
 * closing command context", at ERROR, and again from the job executor) although nothing failed: a
 * busy night would bury real errors under thousands of them. Engine log events that carry a
 * deferral are dropped; the channel's own INFO line ("Message … deferred until …") stays, and every
 * other engine error still gets through. Declared in {@code logback-spring.xml}.
 */
public class DeferredSendLogFilter extends TurboFilter {

  private static final String ENGINE_LOGGERS = "org.camunda.bpm.";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger == null || !logger.getName().startsWith(ENGINE_LOGGERS)) {
      return FilterReply.NEUTRAL;
    }
    if (isDeferral(t)
        || (params != null
            && params.length > 0
            && isDeferral(params[params.length - 1] instanceof Throwable last ? last : null))) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  private static boolean isDeferral(Throwable t) {
    for (Throwable cause = t;
        cause != null;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof SendDeferredException) {
        return true;
      }
    }
    return false;
  }
}
