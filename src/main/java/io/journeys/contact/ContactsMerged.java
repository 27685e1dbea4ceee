package io.journeys.contact;

/**
 * Published (as a Spring application event, inside the merging transaction) when two contact
 * records were found to be the same person: {@code mergedId} is gone, its events, consent and tags
 * now belong to {@code survivorId}.
 */
public record ContactsMerged(String survivorId, String mergedId) {}
