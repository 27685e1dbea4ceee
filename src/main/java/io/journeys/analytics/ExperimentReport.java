package io.journeys.analytics;

import io.journeys.web.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/experiments/{key}}: per arm the contacts assigned at random, those whose journey
 * entry in that arm reached the journey's goal, the conversion rate and the arm's channel metrics;
 * the significance test and the winner ({@link ExperimentStats}); how many later entrants were
 * routed to the winner (not in the statistics).
 */
@RestController
class ExperimentReport {

  record ArmReport(
      String arm,
      long contacts,
      long conversions,
      Double conversionRate,
      ChannelMetrics.Counts messages,
      ChannelMetrics.Ratios rates) {}

  record Significance(
      String test,
      double statistic,
      Integer degreesOfFreedom,
      double pValue,
      boolean significant) {}

  record Report(
      String experiment,
      List<String> journeys,
      List<ArmReport> arms,
      Significance significance,
      long minimumPerArm,
      double confidence,
      String winner,
      String status,
      long routedToWinner) {}

  private final JdbcTemplate jdbc;
  private final Experiments experiments;

  ExperimentReport(JdbcTemplate jdbc, Experiments experiments) {
    this.jdbc = jdbc;
    this.experiments = experiments;
  }

  @GetMapping("/api/experiments/{key}")
  @Transactional(readOnly = true)
  Report experiment(@PathVariable String key) {
    return report(key)
        .orElseThrow(
            () -> ApiException.notFound("no experiment '" + key + "' (no contact assigned yet)"));
  }

  /** The experiment's report; empty when no contact was assigned to it yet. */
  @Transactional(readOnly = true)
  Optional<Report> report(String key) {
    List<ExperimentStats.Arm> arms = experiments.arms(key);
    long routed = experiments.routed(key);
    if (arms.isEmpty()) {
      return Optional.empty();
    }
    List<String> journeys =
        jdbc.queryForList(
            "select distinct journey_key from"
                + " analytics_assignment where experiment_key = ? and journey_key is not null"
                + " order by journey_key",
            String.class,
            key);
    Map<String, Map<String, Object[]>> metrics = new HashMap<>();
    if (!journeys.isEmpty()) {
      String in = String.join(", ", journeys.stream().map(j -> "?").toList());
      jdbc.query(
          "select arm, metric, sum(n), sum(amount) from analytics_daily_all"
              + " where journey_key in ("
              + in
              + ") and arm <> '' group by arm, metric",
          rs -> {
            metrics
                .computeIfAbsent(rs.getString(1), a -> new HashMap<>())
                .put(rs.getString(2), new Object[] {rs.getLong(3), rs.getBigDecimal(4)});
          },
          journeys.toArray());
    }
    List<ArmReport> reports = new ArrayList<>();
    for (ExperimentStats.Arm arm : arms) {
      Map<String, Object[]> m = metrics.getOrDefault(arm.name(), Map.of());
      ChannelMetrics.Counts counts = ChannelMetrics.counts(m);
      Object[] queued = m.get("queued");
      reports.add(
          new ArmReport(
              arm.name(),
              arm.contacts(),
              arm.conversions(),
              Rates.ratio(arm.conversions(), arm.contacts()),
              counts,
              ChannelMetrics.rates(counts, queued == null ? 0 : (Long) queued[0])));
    }
    ExperimentStats.Test test = ExperimentStats.test(arms);
    String winner = ExperimentStats.winner(arms, test);
    boolean enough = arms.stream().allMatch(a -> a.contacts() >= ExperimentStats.MINIMUM_PER_ARM);
    String status =
        winner != null
            ? "winner"
            : !enough
                ? "collecting (fewer than " + ExperimentStats.MINIMUM_PER_ARM + " per arm)"
                : "no significant difference";
    return Optional.of(
        new Report(
            key,
            journeys,
            reports,
            test == null
                ? null
                : new Significance(
                    test.name(),
                    round(test.statistic()),
                    test.degreesOfFreedom(),
                    round(test.pValue()),
                    test.significant()),
            ExperimentStats.MINIMUM_PER_ARM,
            1 - ExperimentStats.ALPHA,
            winner,
            status,
            routed));
  }

  private static double round(double value) {
    return Math.round(value * 1_000_000) / 1_000_000.0;
  }
}
