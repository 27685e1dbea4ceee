package io.journeys.analytics;

import io.journeys.config.EngineClock;
import io.journeys.web.ApiException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/analytics/channel-metrics?from=&to=&interval=&groupBy=&journey=&channel=
 * &template=&arm=} (docs/analytics.md "Channel metrics").
 */
@RestController
class ChannelMetricsController {

  record Report(
      String from,
      String to,
      String interval,
      List<String> groupBy,
      List<ChannelMetrics.Row> rows) {}

  private final ChannelMetrics metrics;
  private final Clock clock;

  @Autowired
  ChannelMetricsController(ChannelMetrics metrics) {
    this(metrics, EngineClock.UTC);
  }

  ChannelMetricsController(ChannelMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  @GetMapping("/api/analytics/channel-metrics")
  Report channelMetrics(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(defaultValue = "day") String interval,
      @RequestParam(defaultValue = "journey,channel") String groupBy,
      @RequestParam(required = false) String journey,
      @RequestParam(required = false) String channel,
      @RequestParam(required = false) String template,
      @RequestParam(required = false) String arm) {
    List<Map<String, String>> problems = new ArrayList<>();
    DayWindow window = DayWindow.parse(from, to, clock, problems);
    ChannelMetrics.Interval unit = null;
    try {
      unit = ChannelMetrics.Interval.valueOf(interval.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(DayWindow.problem("interval", "day, week, month or total"));
    }
    List<String> dims = ChannelMetrics.dimensions(groupBy);
    if (!ChannelMetrics.DIMENSIONS.keySet().containsAll(dims)) {
      problems.add(
          DayWindow.problem(
              "groupBy", "a comma-separated list of journey, node, channel, template, arm"));
    }
    if (journey != null && !FunnelController.KEY.matcher(journey).matches()) {
      problems.add(DayWindow.problem("journey", "a process key (letters, digits, . _ -)"));
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid parameters", problems);
    }
    return new Report(
        window.from().toString(),
        window.to().minusDays(1).toString(),
        unit.name().toLowerCase(Locale.ROOT),
        dims,
        metrics.report(
            window, unit, dims, new ChannelMetrics.Filter(journey, channel, template, arm)));
  }
}
