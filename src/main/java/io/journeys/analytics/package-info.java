/**
 * Analytics: read-only reports over what Journeys recorded. So far the send rules' verdicts
 * ({@code GET /api/analytics/send-verdicts}): messages counted by journey, channel, template,
 * status and the class of the send rules' reason (frequency cap, quiet hours, no consent, ...),
 * with totals. README "Analytics" documents the calls.
 */
package io.journeys.analytics;
