package io.journeys.scoring;

import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Scoring's published read for other features (the marketer's console): a contact's score
 * explained, the document of {@code GET /api/contacts/{id}/score} (docs/scoring-and-tags.md).
 */
@Component
public class ScoreReads {

  private final ScoreExplanations explanations;

  ScoreReads(ScoreExplanations explanations) {
    this.explanations = explanations;
  }

  /** Total, weights, dimensions, criteria that gave points, MQL; empty for an unknown contact. */
  public Optional<Map<String, Object>> score(String contactId) {
    return explanations.explain(contactId);
  }
}
