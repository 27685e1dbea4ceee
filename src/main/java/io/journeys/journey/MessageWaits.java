package io.journeys.journey;

import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.event.EventType;
import org.camunda.bpm.engine.runtime.EventSubscription;

/**
 * Whether any execution at all waits for a message of a name: one query on the engine's event
 * subscriptions by name (index {@code ACT_IDX_EVENT_SUBSCR_EVT_NAME}). A message start event's
 * subscription belongs to a process definition, not to an execution, and does not count.
 */
final class MessageWaits {

  /**
   * Subscriptions read at most. The engine allows one message start event per message name (per
   * tenant), so a full page without an execution's subscription is not expected; it is taken as
   * "may wait" rather than read further.
   */
  static final int PAGE = 50;

  private final RuntimeService runtime;
  private final int page;

  MessageWaits(RuntimeService runtime) {
    this(runtime, PAGE);
  }

  MessageWaits(RuntimeService runtime, int page) {
    this.runtime = runtime;
    this.page = page;
  }

  boolean anyExecutionWaitsFor(String messageName) {
    List<EventSubscription> subscriptions = runtime.createEventSubscriptionQuery()
        .eventType(EventType.MESSAGE.name())
        .eventName(messageName)
        .listPage(0, page);
    return subscriptions.size() == page
        || subscriptions.stream().anyMatch(subscription -> subscription.getExecutionId() != null);
  }
}
