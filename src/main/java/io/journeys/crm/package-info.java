/**
 * CRM: outbound sync of qualified leads (docs/contract.md §5).
 *
 * <p>{@code ${syncToCrmDelegate}} posts the lead to {@code JOURNEYS_CRM_URL} as JSON: {@code
 * {"contact": {id, email, phone, firstName, lastName, timezone, locale, lifecycleStage,
 * attributes}, "score", "tags", "journey", "processInstanceId", "outcome", "note"}} (absent values
 * are left out). The request carries {@code X-Journeys-Signature: sha256=<hex HMAC-SHA256 of the
 * exact body bytes under JOURNEYS_CRM_SECRET>} ({@link io.journeys.crm.CrmSignature}) and {@code
 * Idempotency-Key: <processInstanceId>:<activityId>}, so a retried sync can be recognised. A 2xx
 * answer means accepted; anything else, or no answer within the timeouts ({@code journeys.http.*}),
 * throws, so the task is retried and finally raises an incident. Without a URL the sync runs in
 * sandbox mode and sends nothing.
 */
package io.journeys.crm;
