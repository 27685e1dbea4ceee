package io.journeys.analytics;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Channel metrics from the day rollups: counts per period (day, ISO week from Monday, month, or the
 * whole window) and the chosen dimensions, and the rates of docs/analytics.md. Messages count in
 * the period of the day they were created (their cohort), so opens never outnumber the sends they
 * belong to.
 */
@Repository
class ChannelMetrics {

  enum Interval {
    DAY,
    WEEK,
    MONTH,
    TOTAL
  }

  /** Dimensions a report may group by, and their rollup columns. */
  static final Map<String, String> DIMENSIONS =
      Map.of(
          "journey",
          "journey_key",
          "node",
          "node_id",
          "channel",
          "channel",
          "template",
          "template",
          "arm",
          "arm");

  static final List<String> METRICS =
      List.of(
          "queued",
          "sent",
          "failed",
          "blocked",
          "cancelled",
          "delivered",
          "bounced",
          "opened",
          "clicked",
          "unsubscribed",
          "complained",
          "converted",
          "heldout");

  record Counts(
      long sent,
      long failedAttempts,
      long blocked,
      long cancelled,
      long delivered,
      long deliveryReceipts,
      long bounced,
      long uniqueOpens,
      long uniqueClicks,
      long conversions,
      BigDecimal revenue,
      long unsubscribes,
      long complaints,
      long heldOut,
      BigDecimal cost) {}

  record Ratios(
      Double deliveryRate,
      Double bounceRate,
      Double openRate,
      Double clickRate,
      Double clickToOpenRate,
      Double conversionRate,
      Double unsubscribeRate,
      Double complaintRate,
      Double failureRate,
      Double successRate,
      Double blockedRate,
      Double costPerConversion,
      Double roi) {}

  record Row(String period, Map<String, String> group, Counts counts, Ratios rates) {}

  record Filter(String journey, String channel, String template, String arm) {}

  private final JdbcTemplate jdbc;
  private final Map<String, BigDecimal> prices;

  /** Without prices: no cost, cost per conversion or ROI. */
  ChannelMetrics(JdbcTemplate jdbc) {
    this(jdbc, Map.of());
  }

  /** {@code prices}: the cost of one sent message per channel ({@code email}, {@code sms}, …). */
  ChannelMetrics(JdbcTemplate jdbc, Map<String, BigDecimal> prices) {
    this.jdbc = jdbc;
    this.prices = Map.copyOf(prices);
  }

  @org.springframework.beans.factory.annotation.Autowired
  ChannelMetrics(JdbcTemplate jdbc, org.springframework.core.env.Environment environment) {
    this(
        jdbc,
        org.springframework.boot.context.properties.bind.Binder.get(environment)
            .bind(
                "journeys.analytics.cost-per-message",
                org.springframework.boot.context.properties.bind.Bindable.mapOf(
                    String.class, BigDecimal.class))
            .orElse(Map.of()));
  }

  @Transactional(readOnly = true)
  List<Row> report(DayWindow window, Interval interval, List<String> groupBy, Filter filter) {
    String dims = groupBy.stream().map(DIMENSIONS::get).reduce("", (a, b) -> a + b + ", ");
    // the channel prices the sends: always read, also when not grouped by
    boolean extraChannel = !prices.isEmpty() && !groupBy.contains("channel");
    int channelAt = groupBy.indexOf("channel");
    if (extraChannel) {
      dims += "channel, ";
      channelAt = groupBy.size();
    }
    int priceAt = channelAt;
    List<Object> args =
        new ArrayList<>(List.of(Date.valueOf(window.from()), Date.valueOf(window.to())));
    StringBuilder where = new StringBuilder();
    filter(where, args, "journey_key", filter.journey());
    filter(where, args, "channel", filter.channel());
    filter(where, args, "template", filter.template());
    filter(where, args, "arm", filter.arm());
    String in = String.join(", ", METRICS.stream().map(m -> "'" + m + "'").toList());
    // period -> group -> metric -> {n, amount}
    Map<String, Map<List<String>, Map<String, Object[]>>> cells = new TreeMap<>();
    jdbc.query(
        "select day_utc, "
            + dims
            + "metric, sum(n), sum(amount) from analytics_daily_all"
            + " where day_utc >= ? and day_utc < ? and metric in ("
            + in
            + ")"
            + where
            + " group by day_utc, "
            + dims
            + "metric",
        rs -> {
          String period = period(rs.getDate(1).toLocalDate(), interval, window);
          List<String> group = new ArrayList<>();
          for (int i = 0; i < groupBy.size(); i++) {
            group.add(rs.getString(2 + i));
          }
          int at = 2 + groupBy.size() + (extraChannel ? 1 : 0);
          Map<String, Object[]> metrics =
              cells
                  .computeIfAbsent(period, p -> new java.util.LinkedHashMap<>())
                  .computeIfAbsent(group, g -> new HashMap<>());
          String metric = rs.getString(at);
          Object[] cell = metrics.computeIfAbsent(metric, m -> new Object[] {0L, BigDecimal.ZERO});
          cell[0] = (Long) cell[0] + rs.getLong(at + 1);
          cell[1] = ((BigDecimal) cell[1]).add(rs.getBigDecimal(at + 2));
          if (!prices.isEmpty()) {
            BigDecimal price = "sent".equals(metric) ? prices.get(rs.getString(2 + priceAt)) : null;
            Object[] cost = metrics.computeIfAbsent(COST, m -> new Object[] {0L, BigDecimal.ZERO});
            if (price != null) {
              cost[1] =
                  ((BigDecimal) cost[1])
                      .add(price.multiply(BigDecimal.valueOf(rs.getLong(at + 1))));
            }
          }
        },
        args.toArray());
    List<Row> rows = new ArrayList<>();
    cells.forEach(
        (period, groups) ->
            groups.forEach(
                (group, metrics) -> {
                  Map<String, String> named = new TreeMap<>();
                  for (int i = 0; i < groupBy.size(); i++) {
                    named.put(groupBy.get(i), group.get(i).isEmpty() ? null : group.get(i));
                  }
                  Counts counts = counts(metrics);
                  rows.add(new Row(period, named, counts, rates(counts, n(metrics, "queued"))));
                }));
    rows.sort(
        (a, b) ->
            a.period().equals(b.period())
                ? a.group().toString().compareTo(b.group().toString())
                : a.period().compareTo(b.period()));
    return rows;
  }

  /** The pseudo-metric holding a row's cost (sent messages times their channel's price). */
  static final String COST = "cost";

  static Counts counts(Map<String, Object[]> m) {
    long sent = n(m, "sent");
    long bounced = n(m, "bounced");
    Object[] converted = m.get("converted");
    Object[] cost = m.get(COST);
    return new Counts(
        sent,
        n(m, "failed"),
        n(m, "blocked"),
        n(m, "cancelled"),
        Math.max(0, sent - bounced),
        n(m, "delivered"),
        bounced,
        n(m, "opened"),
        n(m, "clicked"),
        n(m, "converted"),
        converted == null
            ? BigDecimal.ZERO
            : ((BigDecimal) converted[1]).setScale(2, java.math.RoundingMode.HALF_UP),
        n(m, "unsubscribed"),
        n(m, "complained"),
        n(m, "heldout"),
        cost == null ? null : ((BigDecimal) cost[1]).setScale(2, java.math.RoundingMode.HALF_UP));
  }

  /** The rates of docs/analytics.md "Channel metrics". */
  static Ratios rates(Counts c, long queued) {
    return new Ratios(
        Rates.ratio(c.delivered(), c.sent()),
        Rates.ratio(c.bounced(), c.sent()),
        Rates.ratio(c.uniqueOpens(), c.delivered()),
        Rates.ratio(c.uniqueClicks(), c.delivered()),
        Rates.ratio(c.uniqueClicks(), c.uniqueOpens()),
        Rates.ratio(c.conversions(), c.delivered()),
        Rates.ratio(c.unsubscribes(), c.delivered()),
        Rates.ratio(c.complaints(), c.delivered()),
        Rates.ratio(c.failedAttempts(), c.sent() + c.failedAttempts()),
        Rates.ratio(c.sent(), c.sent() + c.failedAttempts()),
        Rates.ratio(c.blocked(), queued + c.blocked()),
        c.cost() == null || c.conversions() == 0
            ? null
            : c.cost()
                .divide(BigDecimal.valueOf(c.conversions()), 2, java.math.RoundingMode.HALF_UP)
                .doubleValue(),
        c.cost() == null || c.cost().signum() == 0
            ? null
            : c.revenue()
                .subtract(c.cost())
                .divide(c.cost(), 4, java.math.RoundingMode.HALF_UP)
                .doubleValue());
  }

  private static long n(Map<String, Object[]> m, String metric) {
    Object[] cell = m.get(metric);
    return cell == null ? 0 : (Long) cell[0];
  }

  static String period(LocalDate day, Interval interval, DayWindow window) {
    return switch (interval) {
      case DAY -> day.toString();
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
      case MONTH -> day.withDayOfMonth(1).toString();
      case TOTAL -> window.from().toString();
    };
  }

  private static void filter(StringBuilder where, List<Object> args, String column, String value) {
    if (value != null) {
      where.append(" and ").append(column).append(" = ?");
      args.add(value);
    }
  }

  static List<String> dimensions(String groupBy) {
    return Arrays.stream(groupBy.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .distinct()
        .toList();
  }
}
