/**
 * Journey operations: the registry of deployed journeys with their metadata ({@code
 * camunda:properties} {@code owner}, {@code emergencyContact}, {@code goalKpi}, {@code runWindow}
 * on the process; the run window enforced at entry), and the operators' controls under {@code
 * /api/journeys/{key}}: pause and resume (instances suspended, entries and the events of suspended
 * instances held and replayed in order, a timer policy, a maximum pause), stop-entry, stop, the
 * rollout (a sticky percentage and/or an attribute filter and/or a segment), manual mode per
 * journey and global (send steps become {@code manual-send} Tasklist tasks with the rendered
 * message), trial runs (sandbox or seed sends, shortened timers, marked {@code journeyTrial}) and
 * migrations between versions (never across experiment arms). Each change is audited.
 *
 * <p>Implements {@code journey.JourneyGate} and uses {@code journey.JourneyReplay}, {@code
 * journey.JourneyConstants}, {@code contact.ContactDirectory}, {@code segment.SegmentDirectory},
 * {@code channel.MessageSender} (preview, trial variables), {@code event.StoredEvent}, {@code
 * web.ApiException} and {@code web.ApiError} (operations' own exceptions, e.g. {@code
 * JourneyNotFound}, are answered by {@code OperationsErrors}). Publishes {@link
 * io.journeys.operations.JourneyActions} (pause, who answers for a journey), used by analytics'
 * alerts. Reference: docs/operations.md.
 */
package io.journeys.operations;
