package io.journeys.segment;

import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import io.journeys.journey.JourneyConstants;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The "dormant member" segment (seed 002: registered over 180 days ago, no order in 90 days).
 * Each call of {@link #enterNextBatch} enters one batch of contacts and publishes their
 * {@code custom.segment.dormant.entered} events, in the caller's transaction, so a batch's
 * memberships, events and the journeys those events start commit or roll back together.
 */
@Service
class DormantSegment {

  static final String SEGMENT = "dormant";

  private final SegmentMemberships memberships;
  private final EventIntake intake;
  private final DormantSegmentProperties properties;

  DormantSegment(SegmentMemberships memberships, EventIntake intake, DormantSegmentProperties properties) {
    this.memberships = memberships;
    this.intake = intake;
    this.properties = properties;
  }

  /** What one batch did: the last contact id it looked at, how many entered, whether it was the last. */
  record Batch(String cursor, int entered, boolean done) {}

  Batch enterNextBatch(String after, Instant now) {
    String cursor = after == null ? "" : after;
    memberships.lock(SEGMENT, now);
    List<String> entering = memberships.nextEntering(SEGMENT, cursor,
        now.minus(properties.registeredFor()), EventTypes.ORDER_PLACED,
        now.minus(properties.noOrderFor()), properties.batchSize());
    if (entering.isEmpty()) {
      return new Batch(cursor, 0, true);
    }
    memberships.enter(SEGMENT, entering, now);
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    intake.ingest(entering.stream().map(contactId -> entered(contactId, at)).toList());
    return new Batch(entering.get(entering.size() - 1), entering.size(),
        entering.size() < properties.batchSize());
  }

  /** An order within the dormancy window takes the contact out of the segment. */
  boolean orderPlaced(String contactId, Instant orderedAt, Instant now) {
    if (orderedAt.isBefore(now.minus(properties.noOrderFor()))) {
      return false;
    }
    return memberships.leave(SEGMENT, contactId, now, EventTypes.ORDER_PLACED);
  }

  /** The entry event; its id (contact and day) makes a repeated scan of the same day a duplicate. */
  static IncomingEvent entered(String contactId, OffsetDateTime at) {
    return new IncomingEvent("segment:" + SEGMENT + ":" + contactId + ":" + at.toLocalDate(),
        JourneyConstants.MSG_SEGMENT_DORMANT_ENTERED, contactId, null, null, at,
        Map.of("segment", SEGMENT));
  }
}
