package io.journeys.segment;

import io.journeys.config.EngineClock;
import io.journeys.event.EventTypes;
import io.journeys.event.StoredEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Takes a contact out of the dormant segment when it orders (in the event's own transaction). */
@Component
class SegmentExits {

  private final DormantSegment dormant;

  SegmentExits(DormantSegment dormant) {
    this.dormant = dormant;
  }

  @EventListener
  void on(StoredEvent event) {
    if (EventTypes.ORDER_PLACED.equals(event.type())) {
      dormant.orderPlaced(event.contactId(), event.occurredAt(), EngineClock.now());
    }
  }
}
