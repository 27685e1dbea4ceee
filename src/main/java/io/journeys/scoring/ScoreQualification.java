package io.journeys.scoring;

import io.journeys.journey.LeadQualification;
import java.util.List;
import org.springframework.stereotype.Component;

/** The MQL flag of the contact's current score, for the journeys' "Read contact" task. */
@Component
class ScoreQualification implements LeadQualification {

  private final ContactScores scores;

  ScoreQualification(ContactScores scores) {
    this.scores = scores;
  }

  @Override
  public boolean isQualified(String contactId) {
    ContactScores.Row row = scores.find(List.of(contactId)).get(contactId);
    return row != null && row.mql();
  }
}
