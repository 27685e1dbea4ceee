/**
 * Event intake: REST ({@code POST /api/events}) and Kafka ({@code journeys.events}, only when
 * {@code journeys.kafka.bootstrap-servers} is set) feed {@link io.journeys.event.EventIntake},
 * which validates, dedupes on the event id, resolves or creates the contact, appends to the event
 * table and publishes a {@link io.journeys.event.StoredEvent} per new event in the same
 * transaction. Kafka records that can never be stored go to the dead-letter topic with their
 * original bytes and a {@code journeys-dlt-reason} header.
 */
package io.journeys.event;
