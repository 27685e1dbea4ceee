/**
 * Segments: who belongs to a named group of contacts, when they entered and left it, and the
 * events that announce an entry.
 *
 * <ul>
 *   <li>The "dormant member" segment ({@link io.journeys.segment.DormantSegment}): registered
 *       longer ago than {@code journeys.segments.dormant.registered-for} (P180D) and no
 *       {@code order.placed} within {@code no-order-for} (P90D). A daily scan, run by the engine
 *       ({@code bpmn/segment-dormant-scan.bpmn}: a timer start event and the task
 *       {@code ${dormantSegmentScan}}, one batch per job, so exactly one node runs each batch),
 *       records each entering contact in {@code segment_membership} and publishes one
 *       {@code custom.segment.dormant.entered} event per entry through
 *       {@link io.journeys.event.EventIntake}; that event starts {@code dormant-win-back}.
 *   <li>An {@code order.placed} takes the contact out of the segment
 *       ({@link io.journeys.segment.SegmentExits}), so a later dormancy is a new entry.
 * </ul>
 *
 * <p>Uses {@code event.EventIntake}, {@code event.StoredEvent} and
 * {@code journey.JourneyConstants}; nothing else depends on this package.
 */
package io.journeys.segment;
