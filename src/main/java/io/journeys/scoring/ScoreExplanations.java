package io.journeys.scoring;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactFacts;
import io.journeys.scoring.ScoreCalculator.Score;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A contact's score now, explained: each dimension and each contributing criterion (points, the
 * events behind them, when they expire); the document of {@code GET /api/contacts/{id}/score}.
 */
@Component
class ScoreExplanations {

  private final ScoringModel model;
  private final ScoreLedger ledger;
  private final ContactScores scores;
  private final ContactFacts contacts;
  private final Clock clock = EngineClock.UTC;

  ScoreExplanations(
      ScoringModel model, ScoreLedger ledger, ContactScores scores, ContactFacts contacts) {
    this.model = model;
    this.ledger = ledger;
    this.scores = scores;
    this.contacts = contacts;
  }

  /** Empty for a contact that does not exist. */
  @Transactional(readOnly = true)
  Optional<Map<String, Object>> explain(String contactId) {
    if (contacts.profiles(List.of(contactId)).isEmpty()) {
      return Optional.empty();
    }
    ScoreRules rules = model.current();
    Instant now = clock.instant();
    Score s =
        ScoreCalculator.score(
            ledger.entries(List.of(contactId), rules.version()).getOrDefault(contactId, List.of()),
            rules.weights(),
            now);
    ContactScores.Row row = scores.find(List.of(contactId)).get(contactId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("contactId", contactId);
    body.put("total", s.total());
    body.put("exact", s.exact());
    body.put("tableVersion", rules.version());
    body.put("weights", rules.weights());
    body.put("dimensions", s.dimensions());
    body.put("mql", row != null && row.mql());
    body.put("mqlSince", row == null ? null : row.mqlSince());
    body.put("interactionsLast7Days", s.interactionAges().stream().filter(a -> a <= 7).count());
    body.put("criteria", s.criteria().stream().filter(c -> c.points() != 0).toList());
    body.put("at", now);
    return Optional.of(body);
  }
}
