package io.journeys.scoring;

import io.journeys.contact.ContactsChanged;
import java.util.Collection;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A profile changed other than by an event ({@code PUT}/{@code PATCH}, import, a tag by a journey
 * step or the API): the contacts' profile criteria and scores (and MQL state) are refreshed in the
 * changing transaction, and their tags are queued for the tag thread once it commits (within {@code
 * journeys.tags.refresh-every}), instead of waiting for their next event or the scheduled pass. An
 * import's contacts are queued for both (scores first) on the tag thread, keeping the import fast.
 */
@Component
class ScoringProfileChanges {

  private final LeadScorer scorer;
  private final TagQueue tags;
  private final ScoringListener scoring;

  ScoringProfileChanges(LeadScorer scorer, TagQueue tags, ScoringListener scoring) {
    this.scorer = scorer;
    this.tags = tags;
    this.scoring = scoring;
  }

  @EventListener
  void on(ContactsChanged changed) {
    if (!scoring.enabled()) {
      return;
    }
    if (ContactsChanged.IMPORTED.equals(changed.reason())) {
      // an import writes thousands of contacts in one transaction: their scores are refreshed
      // with their tags on the tag thread once it commits, not inside the import
      after(() -> tags.addRescored(changed.contactIds()));
      return;
    }
    scorer.refresh(changed.contactIds());
    queueTags(changed.contactIds());
  }

  /** Queues the contacts' tags after the transaction commits (at once without one). */
  void queueTags(Collection<String> contactIds) {
    List<String> ids = List.copyOf(contactIds);
    after(() -> tags.addAll(ids));
  }

  private static void after(Runnable commit) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      commit.run();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            commit.run();
          }
        });
  }
}
