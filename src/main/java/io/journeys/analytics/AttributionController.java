package io.journeys.analytics;

import io.journeys.config.EngineClock;
import io.journeys.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/analytics/attribution?model=&from=&to=&lookback=&halfLife=} (docs/analytics.md
 * "Attribution"): {@code model} one of first, last, linear, time-decay, u-shaped, or none for all
 * side by side; {@code lookback} and {@code halfLife} in days or as ISO-8601 durations (defaults 30
 * and 7 days).
 */
@RestController
class AttributionController {

  static final Duration DEFAULT_LOOKBACK = Duration.ofDays(30);
  static final Duration DEFAULT_HALF_LIFE = Duration.ofDays(7);
  static final Duration LONGEST_LOOKBACK = Duration.ofDays(366);

  private final Attribution attribution;
  private final Clock clock;

  @Autowired
  AttributionController(Attribution attribution) {
    this(attribution, EngineClock.UTC);
  }

  AttributionController(Attribution attribution, Clock clock) {
    this.attribution = attribution;
    this.clock = clock;
  }

  @GetMapping("/api/analytics/attribution")
  Attribution.Report attribution(
      @RequestParam(required = false) String model,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String lookback,
      @RequestParam(required = false) String halfLife) {
    List<Map<String, String>> problems = new ArrayList<>();
    DayWindow window = DayWindow.parse(from, to, clock, problems);
    List<AttributionModels.Model> models = List.of(AttributionModels.Model.values());
    if (model != null && !model.isBlank()) {
      try {
        models = List.of(AttributionModels.Model.of(model));
      } catch (IllegalArgumentException e) {
        problems.add(
            DayWindow.problem(
                "model",
                "one of "
                    + Arrays.stream(AttributionModels.Model.values())
                        .map(AttributionModels.Model::id)
                        .toList()));
      }
    }
    Duration back = duration("lookback", lookback, DEFAULT_LOOKBACK, problems);
    Duration half = duration("halfLife", halfLife, DEFAULT_HALF_LIFE, problems);
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid parameters", problems);
    }
    return attribution.report(window, back, half, models);
  }

  /** Days ({@code 30}) or an ISO-8601 duration ({@code P30D}, {@code PT12H}); positive. */
  static Duration duration(
      String field, String value, Duration fallback, List<Map<String, String>> problems) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Duration d = null;
    try {
      String v = value.trim();
      d =
          v.chars().allMatch(Character::isDigit)
              ? Duration.ofDays(Long.parseLong(v))
              : Duration.parse(v);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      d = null;
    }
    if (d == null || d.isNegative() || d.isZero() || d.compareTo(LONGEST_LOOKBACK) > 0) {
      problems.add(
          DayWindow.problem(
              field, "days (30) or an ISO-8601 duration (P30D), more than 0 and at most 366 days"));
      return fallback;
    }
    return d;
  }
}
