package io.journeys.contact;

import java.time.Instant;

/**
 * Published (as a Spring application event, inside the transaction that records it) when consent on
 * a channel was given but awaits the contact's confirmation (double opt-in), so that the
 * confirmation message is sent. {@code addressChanged}: the contact's address changed while an
 * earlier request was pending, so that request (and its confirmation process) is void and a fresh
 * one for the new address starts at once, whatever the re-entry window says.
 */
public record ConsentRequested(
    String contactId, Channel channel, Instant at, boolean addressChanged) {

  public ConsentRequested(String contactId, Channel channel, Instant at) {
    this(contactId, channel, at, false);
  }
}
