/**
 * Bulk enrollment of contacts into a journey ({@code POST /api/journeys/{key}/enrollments}, a
 * segment's members or a list of contact ids; {@code GET /api/enrollments/{id}}). One row per
 * request with a cursor; every node's {@code EnrollmentWorker} claims requests by a lease ({@code
 * owner_node}, {@code heartbeat_at}) and works them a batch per transaction ({@code
 * EnrollmentRunner}): the batch's journey starts and the cursor commit together, so a node that
 * stops mid-way is resumed by another from the cursor with no contact started twice. Starts honour
 * the running instance and the re-entry rule ({@code journey.EntryRule}).
 *
 * <p>Uses {@code segment.SegmentDirectory}, {@code journey.EntryRule}, {@code
 * journey.JourneyConstants}, {@code contact.ContactErased} and {@code contact.ContactsMerged};
 * nothing depends on this package.
 */
package io.journeys.enrollment;
