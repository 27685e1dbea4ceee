/**
 * Campaigns (issue 17): the marketer's plan (seed 000 表1 营销活动基本信息表, seed 001 营销活动执行计划表) with
 * phases, KPI targets, linked journeys and segments and unit costs per channel, and its results:
 * cost from the linked journeys' deliveries ({@code channel.SentMessageCounts}), revenue and
 * conversions from the {@code order.placed} events of the contacts who entered them ({@code
 * event.EventHistory}, entries from the engine's history), ROI = (revenue − cost) / cost and CPA =
 * cost / conversions. See docs/campaigns.md.
 *
 * <p>Uses {@code channel}, {@code event} and {@code web}; nothing depends on it.
 */
package io.journeys.campaign;
