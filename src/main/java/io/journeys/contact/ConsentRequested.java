package io.journeys.contact;

import java.time.Instant;

/**
 * Published (as a Spring application event, inside the transaction that records it) when consent
 * on a channel was given but awaits the contact's confirmation (double opt-in), so that the
 * confirmation message is sent.
 */
public record ConsentRequested(String contactId, String channel, Instant at) {}
