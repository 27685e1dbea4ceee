/**
 * Analytics: a store of its own, written in the transaction of what it records, and read-only
 * reports over it (docs/analytics.md).
 *
 * <ul>
 *   <li>Recording: {@link io.journeys.analytics.AnalyticsEnginePlugin} (the one seam to the Camunda
 *       engine: journey entries, flow-node visits, goals and holdout read from process properties,
 *       incidents), {@link io.journeys.analytics.MessageLifecycle} (channel's {@code
 *       MessageStatusChanged} and the stored events about messages), {@link
 *       io.journeys.analytics.Goals} (conversions, orders), {@link
 *       io.journeys.analytics.AbSplitDelegate} and {@link io.journeys.analytics.Experiments}
 *       (arms), {@link io.journeys.analytics.Holdouts}; day rollups in {@link
 *       io.journeys.analytics.DailyRollup}, with the duration histogram of {@link
 *       io.journeys.analytics.Durations}; trial runs ({@code journeyTrial}) are marked and counted
 *       nowhere.
 *   <li>Meters: {@link io.journeys.analytics.IntakeMeters} (event intake lag, open incidents per
 *       journey) besides the counters of the recorders.
 *   <li>Reports: the funnel ({@code GET /api/journeys/{key}/funnel}), channel metrics, attribution
 *       and send verdicts ({@code /api/analytics/**}), experiments ({@code GET
 *       /api/experiments/{key}}) and alerts ({@code GET /api/alerts}, {@link
 *       io.journeys.analytics.Alerts}; the pause action and the owner's address through {@code
 *       operations.JourneyActions}).
 * </ul>
 */
package io.journeys.analytics;
