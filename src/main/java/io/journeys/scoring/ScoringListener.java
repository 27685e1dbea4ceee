package io.journeys.scoring;

import io.journeys.event.StoredEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Collects the stored events of a transaction (an intake batch) and scores them once, just before
 * it commits: one ledger read and write per batch instead of per event. The contacts the batch
 * touched go to the tag refresher after the commit. Without a transaction, scores at once.
 */
@Component
class ScoringListener {

  private final LeadScorer scorer;
  private final TagQueue tags;
  private final TransactionTemplate tx;
  private volatile boolean enabled;

  ScoringListener(
      LeadScorer scorer,
      TagQueue tags,
      PlatformTransactionManager transactions,
      @Value("${journeys.scoring.enabled:true}") boolean enabled) {
    this.scorer = scorer;
    this.tags = tags;
    this.tx = new TransactionTemplate(transactions);
    this.enabled = enabled;
  }

  /** Turns scoring and tag refreshes on or off at run time (the benchmark compares both). */
  void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  boolean enabled() {
    return enabled;
  }

  @EventListener
  void on(StoredEvent event) {
    if (!enabled) {
      return;
    }
    boolean scored = scorer.scores(event.type());
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      if (scored) {
        scorer.score(List.of(event));
      }
      tags.add(event.contactId(), event.type());
      return;
    }
    Batch batch = (Batch) TransactionSynchronizationManager.getResource(this);
    if (batch == null) {
      batch = new Batch();
      TransactionSynchronizationManager.bindResource(this, batch);
      TransactionSynchronizationManager.registerSynchronization(batch);
    }
    if (scored) {
      batch.events.add(event);
    }
    if (TagQueue.refreshes(event.type())) {
      batch.contacts.add(event.contactId());
    }
  }

  /** The events of one transaction. */
  private final class Batch implements TransactionSynchronization {
    final List<StoredEvent> events = new ArrayList<>();
    final Set<String> contacts = new LinkedHashSet<>();
    boolean flushed;

    @Override
    public void beforeCommit(boolean readOnly) {
      // unbound first: events stored while scoring (lead.qualified) start a batch of their own
      TransactionSynchronizationManager.unbindResourceIfPossible(ScoringListener.this);
      flushed = true;
      if (!events.isEmpty()) {
        scorer.score(events);
      }
    }

    @Override
    public void afterCompletion(int status) {
      TransactionSynchronizationManager.unbindResourceIfPossible(ScoringListener.this);
      if (status != STATUS_COMMITTED) {
        return;
      }
      if (!flushed && !events.isEmpty()) {
        // joined a transaction after its before-commit phase: score in a transaction of our own
        tx.executeWithoutResult(s -> scorer.score(events));
      }
      tags.addAll(contacts);
    }
  }
}
