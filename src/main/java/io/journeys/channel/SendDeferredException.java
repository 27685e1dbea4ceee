package io.journeys.channel;

import java.time.Instant;

/**
 * Thrown by a channel task whose message the send rules deferred (quiet hours): the job's
 * transaction rolls back, so the journey stays before the task, and the engine reschedules the job
 * for {@link #until()} without using up a retry and without an incident (governance's failed-job
 * handling). The message row stays {@code DEFERRED} under its idempotency key, so the later attempt
 * sends it once.
 */
public class SendDeferredException extends RuntimeException {

  private final transient Instant until;

  public SendDeferredException(String messageId, Instant until) {
    // no stack trace: a deferral is an expected outcome, and Camunda logs the exception it sees
    super("message " + messageId + " deferred until " + until, null, false, false);
    this.until = until;
  }

  public Instant until() {
    return until;
  }
}
