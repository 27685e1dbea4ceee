package io.journeys.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * How much of one conversion each touch before it earns, by model. Touches are given oldest first;
 * the credits sum to 1 (none for no touch).
 *
 * <ul>
 *   <li>first touch: all to the oldest; last touch: all to the newest;
 *   <li>linear: 1/n each;
 *   <li>time decay: weight {@code 2^(-age/halfLife)} (age = conversion time minus touch time),
 *       normalised to sum 1;
 *   <li>U-shaped: 40 % first, 40 % last, 20 % shared equally by the touches between; one touch gets
 *       100 %, two touches 50 % each (there is no middle).
 * </ul>
 */
final class AttributionModels {

  enum Model {
    FIRST,
    LAST,
    LINEAR,
    TIME_DECAY,
    U_SHAPED;

    String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Model of(String id) {
      return valueOf(id.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  private AttributionModels() {}

  static double[] credits(
      Model model, List<Instant> touches, Instant conversion, Duration halfLife) {
    int n = touches.size();
    double[] credits = new double[n];
    if (n == 0) {
      return credits;
    }
    switch (model) {
      case FIRST -> credits[0] = 1;
      case LAST -> credits[n - 1] = 1;
      case LINEAR -> java.util.Arrays.fill(credits, 1.0 / n);
      case TIME_DECAY -> {
        // relative to the newest touch (weight 1): the same shares, and no underflow to 0/0
        double sum = 0;
        double halfLifeMs = halfLife.toMillis();
        double newest = Math.max(0, Duration.between(touches.get(n - 1), conversion).toMillis());
        for (int i = 0; i < n; i++) {
          double age = Math.max(0, Duration.between(touches.get(i), conversion).toMillis());
          credits[i] = Math.pow(2, -(age - newest) / halfLifeMs);
          sum += credits[i];
        }
        for (int i = 0; i < n; i++) {
          credits[i] /= sum;
        }
      }
      case U_SHAPED -> {
        if (n == 1) {
          credits[0] = 1;
        } else if (n == 2) {
          credits[0] = 0.5;
          credits[1] = 0.5;
        } else {
          credits[0] = 0.4;
          credits[n - 1] = 0.4;
          for (int i = 1; i < n - 1; i++) {
            credits[i] = 0.2 / (n - 2);
          }
        }
      }
      default -> throw new IllegalArgumentException(model.name());
    }
    return credits;
  }
}
