/**
 * Governance: the send rules every message passes just before it is sent, whatever journey and
 * channel ({@link io.journeys.governance.SendRules}, the {@link io.journeys.channel.SendGate} of
 * {@link io.journeys.channel.MessageSender}): consent, suppressed addresses, quiet hours in the
 * contact's timezone (a deferral that reschedules the job, {@code
 * channel.SendJobFailuresEnginePlugin}), email→SMS fallback after ignored emails, and frequency
 * caps counted and reserved under a per-contact row lock. Also double opt-in for email (the
 * confirmation email of {@code bpmn/email-opt-in.bpmn}, its signed {@code /optin/{token}} link,
 * {@code OptIn}), the re-entry rule ({@link io.journeys.governance.ReentryRule}, asked by the
 * journey starts) and provider callbacks ({@code POST /hooks/{provider}}, HMAC-signed): delivery
 * receipts, bounces and complaints that suppress addresses, SMS replies "TD" / "退订" / "STOP".
 * docs/send-rules.md documents the settings and verdicts.
 */
package io.journeys.governance;
