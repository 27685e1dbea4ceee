package io.journeys.analytics;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/alerts}: the rules, each scope's state and the last 100 changes. */
@RestController
class AlertsController {

  record Rule(
      String id,
      String description,
      String seed,
      String channel,
      boolean byNode,
      String rate,
      String comparison,
      double threshold,
      boolean relativeToMean,
      long minimumDenominator,
      String cooldown,
      boolean pausesJourney) {}

  record State(
      String rule,
      String scope,
      String state,
      Double value,
      Long denominator,
      Instant since,
      Instant lastNotifiedAt) {}

  record Change(
      String rule,
      String scope,
      String kind,
      Double value,
      Long denominator,
      Instant at,
      boolean notified) {}

  record Report(
      boolean notificationsConfigured,
      List<Rule> rules,
      List<State> states,
      List<Change> history) {}

  private final Alerts alerts;
  private final AlertNotifier notifier;
  private final JdbcTemplate jdbc;

  AlertsController(Alerts alerts, AlertNotifier notifier, JdbcTemplate jdbc) {
    this.alerts = alerts;
    this.notifier = notifier;
    this.jdbc = jdbc;
  }

  @GetMapping("/api/alerts")
  Report alerts() {
    List<Rule> rules =
        alerts.rules().stream()
            .map(
                r ->
                    new Rule(
                        r.id(),
                        r.description(),
                        r.seed(),
                        r.channel() == null ? null : r.channel().wire(),
                        r.byNode(),
                        r.rate().name().toLowerCase(java.util.Locale.ROOT),
                        r.above() ? "above" : "below",
                        r.threshold(),
                        r.relativeToMean(),
                        r.minimumDenominator(),
                        alerts.cooldown().toString(),
                        alerts.pausesJourney(r)))
            .toList();
    List<State> states =
        jdbc.query(
            "select rule_id, scope, firing, alert_value, denominator,"
                + " since, last_notified_at from analytics_alert_state order by rule_id, scope",
            (rs, i) ->
                new State(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getBoolean(3) ? "firing" : "ok",
                    rs.getObject(4, Double.class),
                    rs.getObject(5, Long.class),
                    rs.getTimestamp(6).toInstant(),
                    rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()));
    List<Change> history =
        jdbc.query(
            "select rule_id, scope, kind, alert_value, denominator,"
                + " occurred_at, notified from analytics_alert_event order by occurred_at desc, id desc"
                + " fetch first 100 rows only",
            (rs, i) ->
                new Change(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getObject(4, Double.class),
                    rs.getObject(5, Long.class),
                    rs.getTimestamp(6).toInstant(),
                    rs.getBoolean(7)));
    return new Report(notifier.configured(), rules, states, history);
  }
}
