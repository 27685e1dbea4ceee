package io.journeys.broadcast;

import io.journeys.config.EngineClock;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What {@code bpmn/broadcast.bpmn} asks while it runs ({@code ${broadcastPlan....}}) and {@link
 * BroadcastDeliveriesDelegate} reads: the batches of a broadcast, when each starts, its recipients
 * and each one's send time, as planned when the broadcast was scheduled (less contacts erased
 * since). Public for the engine's expression language.
 */
@Component("broadcastPlan")
public class BroadcastPlan implements BroadcastRecipients {

  private final BroadcastStore store;
  private final Clock clock = EngineClock.UTC;

  BroadcastPlan(BroadcastStore store) {
    this.store = store;
  }

  /** The batch numbers, in order; empty when every recipient was erased. */
  public List<Integer> batches(String broadcastId) {
    return store.batches(broadcastId).stream().map(BroadcastStore.Batch::batch).toList();
  }

  /** When a batch starts: its earliest send time (now when its recipients are gone). */
  public Date batchStartsAt(String broadcastId, int batch) {
    return Date.from(
        store.batches(broadcastId).stream()
            .filter(b -> b.batch() == batch)
            .map(BroadcastStore.Batch::startsAt)
            .findFirst()
            .orElseGet(() -> Instant.now(clock)));
  }

  @Override
  public List<String> recipients(String broadcastId, int batch) {
    return store.recipients(broadcastId, batch);
  }

  /** When the contact's message is due (now when the contact is gone). */
  @Override
  public Date sendAt(String broadcastId, String contactId) {
    return Date.from(store.sendAt(broadcastId, contactId).orElseGet(() -> Instant.now(clock)));
  }
}
