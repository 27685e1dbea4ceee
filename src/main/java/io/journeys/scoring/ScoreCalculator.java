package io.journeys.scoring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The current score from ledger entries: each entry's points times its validity factor (window,
 * half-life), summed per dimension; total = Σ weight × dimension score, rounded half up (seed 001:
 * 11.5 → 12).
 */
final class ScoreCalculator {

  private static final int INTERACTION_HORIZON_DAYS = 90;

  private ScoreCalculator() {}

  /** One entry's contribution now. */
  record Contribution(
      String eventId, Instant occurredAt, double points, double counts, Instant expiresAt) {}

  /** A criterion's contributions now. */
  record CriterionScore(
      String criterion, String dimension, double points, List<Contribution> events) {}

  /** The score now. */
  record Score(
      int total,
      double exact,
      Map<String, Double> dimensions,
      List<CriterionScore> criteria,
      List<Double> interactionAges) {}

  static Score score(List<LedgerEntry> entries, Map<String, Double> weights, Instant now) {
    Map<String, Double> dimensions = new LinkedHashMap<>();
    weights.keySet().forEach(d -> dimensions.put(d, 0.0));
    Map<String, List<Contribution>> byCriterion = new LinkedHashMap<>();
    Map<String, String> dimensionOf = new LinkedHashMap<>();
    List<Double> ages = new ArrayList<>();
    List<LedgerEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(LedgerEntry::occurredAt));
    for (LedgerEntry e : sorted) {
      double factor = e.validity().factor(e.occurredAt(), now);
      double counts = e.points() * factor;
      if (factor > 0 && e.fromEvent() && e.points() > 0) {
        double age = Duration.between(e.occurredAt(), now).toSeconds() / 86_400.0;
        if (age <= INTERACTION_HORIZON_DAYS) {
          ages.add(Math.max(0, age));
        }
      }
      if (factor == 0 && !e.fromEvent()) {
        continue;
      }
      dimensions.merge(e.dimension(), counts, Double::sum);
      dimensionOf.put(e.criterion(), e.dimension());
      byCriterion
          .computeIfAbsent(e.criterion(), k -> new ArrayList<>())
          .add(
              new Contribution(
                  e.fromEvent() ? e.sourceEventId() : null,
                  e.occurredAt(),
                  e.points(),
                  round2(counts),
                  e.validity().expiresAt(e.occurredAt())));
    }
    // the total is computed from the dimension scores as shown (two decimals)
    double exact = 0;
    for (Map.Entry<String, Double> d : dimensions.entrySet()) {
      d.setValue(round2(d.getValue()));
      exact += weights.getOrDefault(d.getKey(), 0.0) * d.getValue();
    }
    List<CriterionScore> criteria = new ArrayList<>();
    byCriterion.forEach(
        (criterion, list) ->
            criteria.add(
                new CriterionScore(
                    criterion,
                    dimensionOf.get(criterion),
                    round2(list.stream().mapToDouble(Contribution::counts).sum()),
                    List.copyOf(list))));
    return new Score(roundHalfUp(exact), round2(exact), dimensions, criteria, ages);
  }

  /**
   * Rounds half up to an integer (11.5 → 12; a negative half goes away from zero, −2.5 → −3), after
   * cutting binary noise at six decimals (0.3 × 5 + 0.4 × 10 + 0.3 × 20 is 11.4999… in doubles).
   */
  static int roundHalfUp(double value) {
    return BigDecimal.valueOf(value)
        .setScale(6, RoundingMode.HALF_UP)
        .setScale(0, RoundingMode.HALF_UP)
        .intValueExact();
  }

  private static double round2(double v) {
    return BigDecimal.valueOf(v)
        .setScale(6, RoundingMode.HALF_UP)
        .setScale(2, RoundingMode.HALF_UP)
        .doubleValue();
  }
}
