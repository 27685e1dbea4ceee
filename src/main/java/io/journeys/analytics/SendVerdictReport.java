package io.journeys.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The answer of {@code GET /api/analytics/send-verdicts}: the window, the journey asked for (or
 * null for all), one row per group and the totals by status, reason class, channel and journey.
 */
record SendVerdictReport(
    Instant from, Instant to, String journey, List<VerdictCounts.Row> rows, Totals totals) {

  /** Sums over the rows; a reason class counts only the rows that have one. */
  record Totals(
      long messages,
      Map<String, Long> byStatus,
      Map<String, Long> byReason,
      Map<String, Long> byChannel,
      Map<String, Long> byJourney) {}

  static SendVerdictReport of(
      Instant from, Instant to, String journey, List<VerdictCounts.Row> rows) {
    Totals totals =
        new Totals(
            rows.stream().mapToLong(VerdictCounts.Row::count).sum(),
            sum(rows, VerdictCounts.Row::status),
            sum(rows, VerdictCounts.Row::reason),
            sum(rows, VerdictCounts.Row::channel),
            sum(rows, VerdictCounts.Row::journey));
    return new SendVerdictReport(from, to, journey, rows, totals);
  }

  private static Map<String, Long> sum(
      List<VerdictCounts.Row> rows, Function<VerdictCounts.Row, String> key) {
    Map<String, Long> sums = new TreeMap<>();
    rows.stream()
        .filter(r -> key.apply(r) != null)
        .forEach(r -> sums.merge(key.apply(r), r.count(), Long::sum));
    return sums;
  }
}
