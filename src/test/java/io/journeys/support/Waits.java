package io.journeys.support;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The one way an integration test waits for the running application (job executor, Kafka intake,
 * import worker, SMTP relay): for a condition about the test's own data, never for a fixed time.
 * The integration tests share one database, job executor and scheduler, and CI runs them on a
 * loaded machine, so how long an outcome takes says nothing about whether it is right: the ceiling
 * is generous ({@link #CEILING}) and only ends a wait that will never succeed, with a message that
 * says what was awaited.
 */
public final class Waits {

  /** How long a wait may take before the test fails: minutes, not seconds. */
  public static final Duration CEILING = Duration.ofMinutes(5);

  private static final Duration POLL = Duration.ofMillis(200);

  private Waits() {}

  /**
   * A wait for {@code what} (the failure message names it) with the generous ceiling, polling every
   * 200 ms.
   */
  public static ConditionFactory waitFor(String what) {
    return Awaitility.await(what).atMost(CEILING).pollInterval(POLL);
  }
}
