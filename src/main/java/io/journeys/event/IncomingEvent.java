package io.journeys.event;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One event as it arrives (docs/contract.md §1), before validation. One of {@code contactId},
 * {@code email}, {@code phone} names the contact.
 */
public record IncomingEvent(
    String id,
    String type,
    String contactId,
    String email,
    String phone,
    OffsetDateTime occurredAt,
    Map<String, Object> properties) {}
