package io.journeys.campaign;

import java.util.Arrays;
import java.util.List;

/**
 * The figures a KPI target may name (see docs/campaigns.md for their definitions). A target is met
 * when the actual figure is at least the target, or at most it for the costs.
 */
enum Metric {
  entries(false),
  conversions(false),
  conversionRate(false),
  orders(false),
  revenue(false),
  messagesSent(false),
  cost(true),
  roi(false),
  cpa(true);

  /** Lower is better: the target is a ceiling. */
  final boolean ceiling;

  Metric(boolean ceiling) {
    this.ceiling = ceiling;
  }

  static Metric of(String name) {
    return Arrays.stream(values()).filter(m -> m.name().equals(name)).findFirst().orElse(null);
  }

  static List<String> names() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }
}
