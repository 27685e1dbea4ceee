package io.journeys.enrollment;

import java.time.Instant;
import java.util.List;

/**
 * Starts a journey for one batch of contacts, in the caller's transaction ({@link JourneyStarts}).
 */
@FunctionalInterface
interface BatchStarter {

  BatchOutcome start(String processKey, List<String> contactIds, String enrollmentId, Instant now);
}
