/**
 * Journey operations: the registry of deployed journeys with their metadata ({@code
 * camunda:properties} {@code owner}, {@code emergencyContact}, {@code goalKpi}, {@code runWindow}
 * on the process), and the operators' controls under {@code /api/journeys/{key}}: pause and resume
 * (instances suspended, entries and the events of suspended instances held and replayed in order, a
 * timer policy, a maximum pause), stop-entry, stop, and the rollout (a sticky percentage and/or an
 * attribute filter). Each change is audited.
 *
 * <p>Implements {@code journey.JourneyGate} and uses {@code journey.JourneyReplay}, {@code
 * contact.ContactDirectory}, {@code event.StoredEvent} and {@code web.ApiException}. Publishes
 * {@link io.journeys.operations.JourneyActions} (pause, who answers for a journey), used by
 * analytics' alerts. Reference: docs/operations.md.
 */
package io.journeys.operations;
