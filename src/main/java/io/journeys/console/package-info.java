/**
 * The marketer's console ({@code /console}, docs/console.md): server-rendered pages (Thymeleaf) in
 * Chinese and English over the published reads of the other features — {@code
 * analytics.AnalyticsReads}, {@code operations.JourneyReads}, {@code segment.SegmentReads}, {@code
 * scoring.ScoreReads}, {@code contact.ContactReads} — with charts (Apache ECharts) and journey
 * diagrams (bpmn-js). Owns no table. Campaign and broadcast pages live in their features and use
 * {@link io.journeys.console.ConsoleTable} and {@link io.journeys.console.ConsolePage} from here.
 */
package io.journeys.console;
