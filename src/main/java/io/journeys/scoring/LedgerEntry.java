package io.journeys.scoring;

import java.time.Instant;

/**
 * One row of the append-only score ledger: a criterion of one table version scored by one event (or
 * by the profile, source {@code profile:…}), with the points it was worth when it happened.
 */
record LedgerEntry(
    String contactId,
    int tableVersion,
    String criterion,
    String dimension,
    double points,
    Validity validity,
    String sourceEventId,
    Instant occurredAt) {

  /** Whether the entry comes from an event (rather than from the profile). */
  boolean fromEvent() {
    return !sourceEventId.startsWith(LeadScorer.PROFILE_SOURCE);
  }
}
