package io.journeys.scoring;

import io.journeys.web.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
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
  private final ScoreExplanations explanations;
  private final RescoreJobs jobs;

  ScoreController(ScoringModel model, ScoreExplanations explanations, RescoreJobs jobs) {
    this.model = model;
    this.explanations = explanations;
    this.jobs = jobs;
  }

  @GetMapping("/api/contacts/{contactId}/score")
  Map<String, Object> score(@PathVariable String contactId) {
    return explanations
        .explain(contactId)
        .orElseThrow(() -> ApiException.notFound("unknown contact"));
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
