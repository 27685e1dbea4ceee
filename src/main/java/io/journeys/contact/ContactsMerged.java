package io.journeys.contact;

/**
 * Published (as a Spring application event, inside the merging transaction, while both contact rows
 * still exist) when two contact records were found to be the same person: {@code mergedId} goes,
 * and every feature that keeps rows per contact moves them from {@code mergedId} to {@code
 * survivorId} in its listener (or ends them, as the journey feature does with the merged record's
 * running journeys). The contact feature keeps {@code mergedId} as an alias of the survivor, so
 * that erasing the survivor also erases what stays keyed by the old id.
 */
public record ContactsMerged(String survivorId, String mergedId) {}
