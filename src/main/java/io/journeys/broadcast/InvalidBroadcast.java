package io.journeys.broadcast;

import java.util.List;
import java.util.Map;

/**
 * A broadcast that cannot be scheduled, with every problem found ({@code field} and {@code
 * reason}), or none given at all. Nothing was stored. {@link BroadcastErrors} answers it with 400;
 * {@link BroadcastConsole} shows the problems on its form.
 */
final class InvalidBroadcast extends RuntimeException {

  private final transient List<Map<String, String>> problems;
  private final boolean missing;

  private InvalidBroadcast(String message, List<Map<String, String>> problems, boolean missing) {
    super(message);
    this.problems = List.copyOf(problems);
    this.missing = missing;
  }

  /** The request has these problems (at least one). */
  static InvalidBroadcast of(List<Map<String, String>> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid broadcast has at least one problem");
    }
    return new InvalidBroadcast("invalid broadcast: " + problems, problems, false);
  }

  /** The request has one problem, of {@code field}. */
  static InvalidBroadcast of(String field, String reason) {
    return of(List.of(BroadcastValidator.problem(field, reason)));
  }

  /** No broadcast was given at all. */
  static InvalidBroadcast missing() {
    return new InvalidBroadcast("no broadcast given", List.of(), true);
  }

  /** True when no broadcast was given at all; {@link #problems()} is empty then. */
  boolean missingRequest() {
    return missing;
  }

  List<Map<String, String>> problems() {
    return problems;
  }
}
