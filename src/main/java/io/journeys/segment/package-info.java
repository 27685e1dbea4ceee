/**
 * Segments: saved, named definitions ({@code /api/segments}; a JSON condition tree over tags,
 * profile fields, attributes and event counts in windows, docs/segments.md), who is in each now
 * ({@code segment_member}) and every stay ({@code segment_membership}).
 *
 * <ul>
 *   <li>Incremental: {@link io.journeys.segment.SegmentTriggers} re-evaluates, in the transaction
 *       that stores an event, only the segments whose conditions name its type (or its tag, for
 *       {@code tag.added} / {@code tag.removed}), for that contact only.
 *   <li>The nightly pass and rebuilds: {@code bpmn/segment-dormant-scan.bpmn} (timer start event
 *       and the task {@code ${dormantSegmentScan}}, one batch of contacts per job, so exactly one
 *       node runs each batch) re-evaluates every contact: windows that ran out, dormancy, profile
 *       changes. Saving a definition starts the same process for that segment.
 *   <li>Each entry and leave is announced through {@link io.journeys.event.EventIntake}: {@code
 *       segment.entered} / {@code segment.left} and {@code custom.segment.<key>.entered} / {@code
 *       .left}; {@code custom.segment.dormant.entered} starts {@code dormant-win-back}.
 *   <li>{@link io.journeys.segment.SegmentDirectory} lets other features read members
 *       (enrollments); {@code GET /api/segments/{key}/export} writes them with {@code
 *       contact.ContactCsv}.
 * </ul>
 *
 * <p>Uses {@code event.EventIntake}, {@code event.StoredEvent}, {@code contact.ContactCsv}, {@code
 * contact.ContactsMerged} and {@code journey.JourneyConstants}; reads (never writes) the {@code
 * contact}, {@code contact_tag} and {@code event} tables.
 */
package io.journeys.segment;
