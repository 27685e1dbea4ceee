package io.journeys.segment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Segment's published read for other features (the marketer's console): the segments of {@code GET
 * /api/segments} with their current sizes (docs/segments.md), as JSON-like maps.
 */
@Component
public class SegmentReads {

  private static final TypeReference<List<Map<String, Object>>> DOCUMENTS =
      new TypeReference<>() {};

  private final SegmentService segments;
  private final ObjectMapper json;

  SegmentReads(SegmentService segments, ObjectMapper json) {
    this.segments = segments;
    this.json = json;
  }

  /** Every segment: key, name, definition, size, updatedAt. */
  public List<Map<String, Object>> segments() {
    return json.convertValue(segments.list(), DOCUMENTS);
  }
}
