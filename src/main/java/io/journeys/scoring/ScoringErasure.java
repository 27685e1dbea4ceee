package io.journeys.scoring;

import io.journeys.contact.ContactErased;
import io.journeys.contact.ContactsMerged;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * An erased contact's ledger and score go; a merged contact's ledger moves to the survivor, whose
 * score is refreshed at once and tags soon after.
 */
@Component
class ScoringErasure {

  private final ScoreLedger ledger;
  private final ContactScores scores;
  private final LeadScorer scorer;
  private final FeatureStore features;
  private final ScoringProfileChanges changes;

  ScoringErasure(
      ScoreLedger ledger,
      ContactScores scores,
      LeadScorer scorer,
      FeatureStore features,
      ScoringProfileChanges changes) {
    this.changes = changes;
    this.features = features;
    this.ledger = ledger;
    this.scores = scores;
    this.scorer = scorer;
  }

  @EventListener
  void on(ContactErased erased) {
    ledger.erase(erased.contactId());
    scores.erase(erased.contactId());
    features.erase(erased.contactId());
  }

  @EventListener
  void on(ContactsMerged merged) {
    ledger.rekey(merged.survivorId(), merged.mergedId());
    scores.erase(merged.mergedId());
    features.erase(merged.mergedId());
    scorer.refresh(List.of(merged.survivorId()));
    changes.queueTags(List.of(merged.survivorId()));
  }
}
