/**
 * Lead scoring and rule-driven tags (issue 12, sections 1, 2 and 4; docs/scoring-and-tags.md).
 *
 * <ul>
 *   <li>Rules: {@code dmn/lead-scoring.dmn} ({@link io.journeys.scoring.ScoreRules}) and {@code
 *       dmn/contact-tags.dmn} ({@link io.journeys.scoring.TagRules}), the latest deployed version
 *       of each read from the engine's repository.
 *   <li>Scoring: per intake batch before it commits ({@link io.journeys.scoring.ScoringListener},
 *       {@link io.journeys.scoring.LeadScorer}) into the append-only {@code score_ledger}; the
 *       current score in {@code contact_score} and on the contact; {@code lead.qualified} once per
 *       crossing of the MQL rule; re-scoring of every contact per new table version ({@link
 *       io.journeys.scoring.Rescorer}).
 *   <li>Tags: refreshed after each committed batch and by an hourly pass ({@link
 *       io.journeys.scoring.TagPass}, {@link io.journeys.scoring.TagRefresher}), written through
 *       {@code contact.ContactFacts}, announced by {@code tag.added} / {@code tag.removed} events
 *       through the intake.
 * </ul>
 *
 * <p>Uses {@code contact} ({@code ContactFacts}, {@code ProfileSection}, erasure and merge events),
 * {@code event} ({@code EventIntake}, {@code EventHistory}, {@code StoredEvent}) and {@code web},
 * and implements {@code journey.LeadQualification} (the {@code mql} variable of the journeys' "Read
 * contact" task); nothing depends on this package.
 */
package io.journeys.scoring;
