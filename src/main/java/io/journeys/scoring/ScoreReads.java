package io.journeys.scoring;

import io.journeys.web.ApiException;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Scoring's published read for other features (the marketer's console): a contact's score
 * explained, the document of {@code GET /api/contacts/{id}/score} (docs/scoring-and-tags.md).
 */
@Component
public class ScoreReads {

  private final ScoreController scores;

  ScoreReads(ScoreController scores) {
    this.scores = scores;
  }

  /** Total, weights, dimensions, criteria that gave points, MQL; empty for an unknown contact. */
  public Optional<Map<String, Object>> score(String contactId) {
    try {
      return Optional.of(scores.score(contactId));
    } catch (ApiException e) {
      if (e.status() == HttpStatus.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
