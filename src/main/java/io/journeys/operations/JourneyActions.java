package io.journeys.operations;

import java.util.Optional;

/**
 * What other features may do to a journey through operations (docs/operations.md): pause it as
 * {@code POST /api/journeys/{key}/pause} with the defaults would, and find who answers for it. Used
 * by analytics' alerts; operations' internals stay its own.
 */
public interface JourneyActions {

  /** Who answers for a journey, from its latest version's metadata; null where not declared. */
  record Responsible(String owner, String emergencyContact) {}

  /**
   * Pauses the journey (timer policy shift, maximum pause 14 days, then resume), audited with the
   * reason and the actor {@code system}. Returns false, changing nothing, when no such journey is
   * deployed or it is already paused or stopped.
   */
  boolean pause(String journeyKey, String reason);

  /** The owner and emergency contact of the journey; empty when no such journey is deployed. */
  Optional<Responsible> responsible(String journeyKey);
}
