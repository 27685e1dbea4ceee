package io.journeys.broadcast;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A broadcast as {@code GET /api/broadcasts[/{id}]} shows it. {@code status}: SCHEDULED (no batch
 * has started yet), RUNNING, COMPLETED or CANCELLED; {@code deliveriesCompleted} counts the
 * recipients whose delivery ran to its end (sent, or skipped by the send rules).
 */
record BroadcastView(
    String id,
    String name,
    String channel,
    String template,
    LocalDate date,
    LocalTime time,
    String timezone,
    boolean localTime,
    Integer batchSize,
    String status,
    long recipients,
    List<BroadcastStore.Batch> batches,
    long deliveriesCompleted,
    String processInstanceId,
    String createdBy,
    Instant createdAt,
    Instant cancelledAt,
    String cancelledBy) {}
