/**
 * Broadcasts (issue 17): a one-off send of a message template to a list of contacts at a date and
 * time, in a fixed zone or each contact's own, optionally in daily batches of N (seed 003 模板1:
 * "10月1日10:00", "每日分批推送").
 *
 * <p>{@code POST /api/broadcasts} plans every recipient's batch and send time ({@link
 * io.journeys.broadcast.BroadcastSchedule}), stores them and starts one instance of {@code
 * bpmn/broadcast.bpmn} (business key: the broadcast id) in one transaction. Each batch waits on a
 * timer for its start, then starts one {@code bpmn/broadcast-delivery.bpmn} instance per recipient
 * ({@link io.journeys.broadcast.BroadcastDeliveriesDelegate}; business key: the contact), which
 * waits for the contact's send time and sends through the normal send path ({@code
 * sendMessageDelegate}: send rules, caps, outbox, tracking). Cancelling correlates {@code
 * custom.broadcast.cancelled} to the broadcast's instances (variable {@code broadcastId}), which
 * ends the waiting batches and the deliveries not yet ended.
 *
 * <p>Uses {@code contact.ContactDirectory}, {@code contact.ContactErased}, {@code
 * contact.ContactsMerged} and {@code journey.JourneyConstants}; nothing depends on it.
 */
package io.journeys.broadcast;
