package io.journeys.scoring;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactFacts;
import io.journeys.scoring.ScoreCalculator.Score;
import io.journeys.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/contacts/{id}/score}: the score now with each dimension and each contributing
 * criterion (points, the events behind them, when they expire); {@code GET /api/scoring}: the model
 * version in force, its weights and the re-scoring jobs with their progress.
 */
@RestController
class ScoreController {

  private final ScoringModel model;
  private final ScoreLedger ledger;
  private final ContactScores scores;
  private final ContactFacts contacts;
  private final RescoreJobs jobs;
  private final Clock clock = EngineClock.UTC;

  ScoreController(
      ScoringModel model,
      ScoreLedger ledger,
      ContactScores scores,
      ContactFacts contacts,
      RescoreJobs jobs) {
    this.model = model;
    this.ledger = ledger;
    this.scores = scores;
    this.contacts = contacts;
    this.jobs = jobs;
  }

  @GetMapping("/api/contacts/{contactId}/score")
  @Transactional(readOnly = true)
  Map<String, Object> score(@PathVariable String contactId) {
    if (contacts.profiles(List.of(contactId)).isEmpty()) {
      throw ApiException.notFound("unknown contact");
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
    return body;
  }

  @GetMapping("/api/scoring")
  Map<String, Object> model() {
    ScoreRules rules = model.current();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tableVersion", rules.version());
    body.put("weights", rules.weights());
    body.put("rescores", jobs.all());
    return body;
  }
}
