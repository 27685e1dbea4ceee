package io.journeys.scoring;

import io.journeys.contact.ProfileSection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The {@code scoring} section of {@code GET /api/contacts/{id}}: dimensions and MQL state. */
@Component
class ScoreProfileSection implements ProfileSection {

  private final ContactScores scores;

  ScoreProfileSection(ContactScores scores) {
    this.scores = scores;
  }

  @Override
  public String name() {
    return "scoring";
  }

  @Override
  public Optional<Object> of(String contactId) {
    return Optional.ofNullable(scores.find(List.of(contactId)).get(contactId))
        .map(
            row -> {
              Map<String, Object> section = new LinkedHashMap<>();
              section.put("total", row.total());
              section.put("dimensions", row.dimensions());
              section.put("mql", row.mql());
              section.put("mqlSince", row.mqlSince());
              section.put("tableVersion", row.version());
              section.put("updatedAt", row.updatedAt());
              return section;
            });
  }
}
