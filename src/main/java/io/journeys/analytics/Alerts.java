package io.journeys.analytics;

import io.journeys.config.EngineClock;
import io.journeys.operations.JourneyActions;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Evaluates the alert rules on a schedule over the day rollups of today and yesterday (UTC), per
 * journey and channel (and node): a scope whose denominator is below the rule's minimum is not
 * judged. A breach fires the rule for that scope once (state {@code firing}) and notifies unless
 * the rule was notified for that scope within the cool-down; the next evaluation within bounds
 * recovers it, notified when its firing was. Each change goes to the history. State changes are
 * conditional updates, so with several nodes only one notifies. A rule listed in {@code
 * journeys.alerts.pause-journey} also pauses the journey of the scope when it fires (through
 * operations' {@link JourneyActions}); notifications go to the configured recipients and to the
 * journey's owner and emergency contact where those are email addresses.
 */
@Component
class Alerts {

  private final JdbcTemplate jdbc;
  private final AlertNotifier notifier;
  private final List<AlertRule> rules;
  private final Duration cooldown;
  private final Set<String> pauseJourney;
  private final JourneyActions journeys;
  private final Clock clock;

  @Autowired
  Alerts(
      JdbcTemplate jdbc,
      AlertNotifier notifier,
      @Value("${journeys.alerts.minimum-denominator:200}") long minimum,
      @Value("${journeys.alerts.cooldown:PT6H}") Duration cooldown,
      @Value("${journeys.alerts.disabled:}") Set<String> disabled,
      @Value("${journeys.alerts.pause-journey:}") Set<String> pauseJourney,
      ObjectProvider<JourneyActions> journeys) {
    this(
        jdbc,
        notifier,
        minimum,
        cooldown,
        disabled,
        pauseJourney,
        journeys.getIfAvailable(),
        EngineClock.UTC);
  }

  Alerts(
      JdbcTemplate jdbc,
      AlertNotifier notifier,
      long minimum,
      Duration cooldown,
      Set<String> disabled,
      Set<String> pauseJourney,
      JourneyActions journeys,
      Clock clock) {
    this.jdbc = jdbc;
    this.notifier = notifier;
    this.rules =
        AlertRule.defaults(minimum).stream().filter(r -> !disabled.contains(r.id())).toList();
    Set<String> known =
        AlertRule.defaults(minimum).stream().map(AlertRule::id).collect(Collectors.toSet());
    List<String> unknown = pauseJourney.stream().filter(id -> !known.contains(id)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalStateException(
          "journeys.alerts.pause-journey names unknown rules " + unknown + "; rules: " + known);
    }
    this.pauseJourney = Set.copyOf(pauseJourney);
    this.journeys = journeys;
    this.cooldown = cooldown;
    this.clock = clock;
  }

  /** Whether a firing of the rule pauses the journey. */
  boolean pausesJourney(AlertRule rule) {
    return pauseJourney.contains(rule.id());
  }

  List<AlertRule> rules() {
    return rules;
  }

  Duration cooldown() {
    return cooldown;
  }

  @Scheduled(
      fixedDelayString = "${journeys.alerts.evaluate-every:PT5M}",
      initialDelayString = "${journeys.alerts.initial-delay:PT1M}")
  void evaluate() {
    Instant now = Instant.now(clock);
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    for (AlertRule rule : rules) {
      Map<String, Map<String, Object[]>> current =
          counts(rule, today.minusDays(1), today.plusDays(1));
      Map<String, Map<String, Object[]>> baseline =
          rule.relativeToMean() ? counts(rule, today.minusDays(29), today.minusDays(1)) : Map.of();
      current.forEach(
          (scope, counts) -> {
            long denominator = rule.rate().denominator.applyAsLong(counts);
            if (denominator < rule.minimumDenominator()) {
              return;
            }
            double value = rule.rate().of(counts);
            if (rule.relativeToMean()) {
              Map<String, Object[]> before = baseline.get(scope);
              if (before == null
                  || rule.rate().denominator.applyAsLong(before) < rule.minimumDenominator()
                  || rule.rate().of(before) == 0) {
                return;
              }
              value = value / rule.rate().of(before);
            }
            if (rule.breached(value)) {
              fire(rule, scope, value, denominator, now);
            } else {
              recover(rule, scope, value, denominator, now);
            }
          });
    }
  }

  private void fire(AlertRule rule, String scope, double value, long denominator, Instant now) {
    Timestamp at = Timestamp.from(now);
    List<Timestamp> state =
        jdbc.query(
            "select last_notified_at from analytics_alert_state"
                + " where rule_id = ? and scope = ? and firing = false",
            (rs, i) -> rs.getTimestamp(1),
            rule.id(),
            scope);
    boolean known =
        !state.isEmpty()
            || !jdbc.queryForList(
                    "select rule_id from"
                        + " analytics_alert_state where rule_id = ? and scope = ?",
                    String.class,
                    rule.id(),
                    scope)
                .isEmpty();
    if (known && state.isEmpty()) {
      return; // already firing
    }
    Timestamp last = state.isEmpty() ? null : state.get(0);
    boolean notify = last == null || !last.toInstant().plus(cooldown).isAfter(now);
    if (!known) {
      try {
        jdbc.update(
            "insert into analytics_alert_state (rule_id, scope, firing, alert_value,"
                + " denominator, since, last_notified_at, episode_notified)"
                + " values (?, ?, true, ?, ?, ?, ?, ?)",
            rule.id(),
            scope,
            value,
            denominator,
            at,
            notify ? at : null,
            notify);
      } catch (DuplicateKeyException e) {
        return; // another node fired it
      }
    } else if (jdbc.update(
            "update analytics_alert_state set firing = true, alert_value = ?,"
                + " denominator = ?, since = ?, episode_notified = ?,"
                + " last_notified_at = "
                + (notify ? "?" : "last_notified_at")
                + " where rule_id = ? and scope = ? and firing = false",
            notify
                ? new Object[] {value, denominator, at, true, at, rule.id(), scope}
                : new Object[] {value, denominator, at, false, rule.id(), scope})
        == 0) {
      return;
    }
    boolean paused = pause(rule, scope, value, now);
    changed(rule, scope, "fired", value, denominator, now, notify || paused, paused);
  }

  /**
   * Pauses the scope's journey when the rule says so. Returns whether this firing paused it (false:
   * not asked, or already paused or stopped).
   */
  private boolean pause(AlertRule rule, String scope, double value, Instant now) {
    if (!pausesJourney(rule) || journeys == null) {
      return false;
    }
    boolean paused =
        journeys.pause(
            journeyOf(scope),
            "alert "
                + rule.id()
                + " fired ("
                + rule.description()
                + "; "
                + scope
                + "; value "
                + Math.round(value * 10000) / 10000.0
                + ")");
    return paused;
  }

  /** The journey key of a scope ({@code journey=<key>[, …]}); process keys hold no comma. */
  static String journeyOf(String scope) {
    String rest = scope.substring("journey=".length());
    int comma = rest.indexOf(',');
    return comma < 0 ? rest : rest.substring(0, comma);
  }

  private void recover(AlertRule rule, String scope, double value, long denominator, Instant now) {
    List<Boolean> notified =
        jdbc.queryForList(
            "select episode_notified from"
                + " analytics_alert_state where rule_id = ? and scope = ? and firing = true",
            Boolean.class,
            rule.id(),
            scope);
    if (notified.isEmpty()
        || jdbc.update(
                "update analytics_alert_state set firing = false,"
                    + " alert_value = ?, denominator = ?, since = ? where rule_id = ? and scope = ?"
                    + " and firing = true",
                value,
                denominator,
                Timestamp.from(now),
                rule.id(),
                scope)
            == 0) {
      return;
    }
    changed(rule, scope, "recovered", value, denominator, now, notified.get(0), false);
  }

  private void changed(
      AlertRule rule,
      String scope,
      String kind,
      double value,
      long denominator,
      Instant now,
      boolean notify,
      boolean paused) {
    jdbc.update(
        "insert into analytics_alert_event (rule_id, scope, kind, alert_value,"
            + " denominator, occurred_at, notified) values (?, ?, ?, ?, ?, ?, ?)",
        rule.id(),
        scope,
        kind,
        value,
        denominator,
        Timestamp.from(now),
        notify);
    if (paused) {
      jdbc.update(
          "insert into analytics_alert_event (rule_id, scope, kind, alert_value,"
              + " denominator, occurred_at, notified) values (?, ?, 'paused', ?, ?, ?, ?)",
          rule.id(),
          scope,
          value,
          denominator,
          Timestamp.from(now),
          notify);
    }
    if (notify) {
      String journey = journeyOf(scope);
      Optional<JourneyActions.Responsible> responsible =
          journeys == null ? Optional.empty() : journeys.responsible(journey);
      notifier.notify(
          new AlertNotifier.Alert(
              rule.id(),
              rule.description(),
              scope,
              kind,
              Math.round(value * 10000) / 10000.0,
              denominator,
              rule.threshold(),
              now,
              journey,
              responsible.map(JourneyActions.Responsible::owner).orElse(null),
              responsible.map(JourneyActions.Responsible::emergencyContact).orElse(null),
              paused));
    }
  }

  /**
   * Metric sums per scope: {@code journey=…, channel=…[, node=…]} for a channel rule, {@code
   * journey=…} for a journey rule.
   */
  private Map<String, Map<String, Object[]>> counts(AlertRule rule, LocalDate from, LocalDate to) {
    boolean journeyRule = rule.channel() == null;
    String dims =
        journeyRule
            ? "journey_key, "
            : rule.byNode() ? "journey_key, channel, node_id, " : "journey_key, channel, ";
    int at = journeyRule ? 2 : rule.byNode() ? 4 : 3;
    Map<String, Map<String, Object[]>> cells = new HashMap<>();
    jdbc.query(
        "select "
            + dims
            + "metric, sum(n), sum(amount) from analytics_daily_all"
            + " where day_utc >= ? and day_utc < ?"
            + (journeyRule
                ? " and metric in ('entries', 'incidents')"
                : " and channel = ? and metric in ('sent', 'failed', 'bounced', 'clicked')")
            + " group by "
            + dims
            + "metric",
        rs -> {
          String scope =
              "journey="
                  + rs.getString(1)
                  + (journeyRule ? "" : ", channel=" + rs.getString(2))
                  + (rule.byNode() ? ", node=" + rs.getString(3) : "");
          cells
              .computeIfAbsent(scope, x -> new HashMap<>())
              .put(rs.getString(at), new Object[] {rs.getLong(at + 1), rs.getBigDecimal(at + 2)});
        },
        journeyRule
            ? new Object[] {Date.valueOf(from), Date.valueOf(to)}
            : new Object[] {Date.valueOf(from), Date.valueOf(to), rule.channel().wire()});
    return cells;
  }
}
