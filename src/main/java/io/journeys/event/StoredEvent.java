package io.journeys.event;

import java.time.Instant;
import java.util.Map;

/**
 * An event after validation, contact resolution and storage. Published as a Spring application
 * event inside the storing transaction, once per new event (a duplicate id is not published
 * again), so that other features (journeys, segments, analytics) react to it.
 */
public record StoredEvent(
    String id, String type, String contactId, Instant occurredAt, Map<String, Object> properties) {}
