package io.journeys.operations;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Operations' published read of the journey registry for other features (the marketer's console):
 * the documents of {@code GET /api/journeys} (docs/operations.md "The registry"), as JSON-like
 * maps.
 */
@Component
public class JourneyReads {

  private static final TypeReference<List<Map<String, Object>>> DOCUMENTS =
      new TypeReference<>() {};

  private final JourneyRegistry registry;
  private final ObjectMapper json;

  JourneyReads(JourneyRegistry registry, ObjectMapper json) {
    this.registry = registry;
    this.json = json;
  }

  /** Every deployed journey, latest version: key, name, version, definitionId, state, … */
  public List<Map<String, Object>> journeys() {
    return json.convertValue(registry.all(), DOCUMENTS);
  }
}
