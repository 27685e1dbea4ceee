package io.journeys.segment;

import java.util.List;
import java.util.Map;

/**
 * A segment definition or key that cannot be saved, with every problem found: {@code field} (a path
 * into the body, empty for the body itself) and {@code reason}. Nothing was stored. {@link
 * SegmentController} answers it with 400.
 */
final class InvalidSegment extends RuntimeException {

  private final transient List<Map<String, String>> problems;

  InvalidSegment(List<Map<String, String>> problems) {
    super("invalid segment: " + problems);
    this.problems = List.copyOf(problems);
  }

  /** A single problem of {@code field}. */
  static InvalidSegment of(String field, String reason) {
    return new InvalidSegment(List.of(Map.of("field", field, "reason", reason)));
  }

  List<Map<String, String>> problems() {
    return problems;
  }
}
