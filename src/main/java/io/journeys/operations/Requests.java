package io.journeys.operations;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checks of request bodies shared by the controllers of this package: problems as 400 details. */
final class Requests {

  private Requests() {}

  static Map<String, String> problem(String field, String reason) {
    return Map.of("field", field, "reason", reason);
  }

  /** The enum constant named by {@code value} (any case), the fallback when blank. */
  static <E extends Enum<E>> E choice(
      Class<E> type, String field, String value, E fallback, List<Map<String, String>> problems) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(
          problem(
              field,
              "one of "
                  + Arrays.stream(type.getEnumConstants())
                      .map(c -> c.name().toLowerCase(Locale.ROOT))
                      .toList()));
      return fallback;
    }
  }

  static int limit(int requested) {
    return Math.max(1, Math.min(requested, 1000));
  }
}
