package io.journeys.journey;

import java.time.Instant;

/**
 * Whether a contact may enter a journey now (the re-entry rule of the send rules, {@code
 * governance.ReentryRule}). Asks and records at once: a {@code true} answer is the entry, recorded
 * in the caller's transaction, so a start that rolls back leaves no entry behind.
 */
@FunctionalInterface
public interface EntryRule {

  boolean mayEnter(String contactId, String processKey, Instant now);
}
