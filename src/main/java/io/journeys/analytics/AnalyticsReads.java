package io.journeys.analytics;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Analytics' published reads for other features (the marketer's console): each method answers the
 * document of the REST report it names (docs/analytics.md), as a JSON-like map, through the same
 * validation and query, so the console and the API never disagree. Dates are whole UTC days, {@code
 * to} included.
 */
@Component
public class AnalyticsReads {

  private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() {};

  private final FunnelController funnel;
  private final ChannelMetricsController channelMetrics;
  private final AttributionController attribution;
  private final ExperimentReport experiments;
  private final AlertsController alerts;
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  AnalyticsReads(
      FunnelController funnel,
      ChannelMetricsController channelMetrics,
      AttributionController attribution,
      ExperimentReport experiments,
      AlertsController alerts,
      JdbcTemplate jdbc,
      ObjectMapper json) {
    this.funnel = funnel;
    this.channelMetrics = channelMetrics;
    this.attribution = attribution;
    this.experiments = experiments;
    this.alerts = alerts;
    this.jdbc = jdbc;
    this.json = json;
  }

  /** {@code GET /api/journeys/{key}/funnel?from=&to=}; empty for a journey analytics never saw. */
  public Optional<Map<String, Object>> funnel(String journey, LocalDate from, LocalDate to) {
    return funnel.report(journey, from.toString(), to.toString(), null).map(this::map);
  }

  /**
   * {@code GET /api/analytics/channel-metrics?from=&to=&interval=&groupBy=}: {@code interval} day,
   * week, month or total; {@code groupBy} a comma-separated list of journey, node, channel,
   * template, arm, or empty for one row per period.
   */
  public Map<String, Object> channelMetrics(
      LocalDate from, LocalDate to, String interval, String groupBy) {
    return map(
        channelMetrics.channelMetrics(
            from.toString(), to.toString(), interval, groupBy, null, null, null, null));
  }

  /** {@code GET /api/analytics/attribution?from=&to=}: every model side by side. */
  public Map<String, Object> attribution(LocalDate from, LocalDate to) {
    return map(attribution.attribution(null, from.toString(), to.toString(), null, null));
  }

  /** The keys of the experiments that have assigned a contact, in order. */
  public List<String> experimentKeys() {
    return jdbc.queryForList(
        "select distinct experiment_key from analytics_assignment order by experiment_key"
            + " fetch first 100 rows only",
        String.class);
  }

  /** {@code GET /api/experiments/{key}}; empty when no contact was assigned yet. */
  public Optional<Map<String, Object>> experiment(String key) {
    return experiments.report(key).map(this::map);
  }

  /** {@code GET /api/alerts}: rules, states (firing or ok) and the latest changes. */
  public Map<String, Object> alerts() {
    return map(alerts.alerts());
  }

  private Map<String, Object> map(Object report) {
    return json.convertValue(report, DOCUMENT);
  }
}
