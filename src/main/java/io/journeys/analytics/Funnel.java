package io.journeys.analytics;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The funnel of a journey over a window of entry days: per flow node the visits that entered,
 * passed (completed the node), dropped (cancelled in it) and are still waiting in it, the rates and
 * the median time in the node; in total, per journey version and per experiment arm; plus the
 * journey's goal. Counts come from the day rollups (cohort: the day the visit entered the node);
 * medians and arms from the raw visits of the window.
 */
@Repository
class Funnel {

  /** One flow node's figures; rates are null when nothing entered. */
  record Node(
      String nodeId,
      long entered,
      long passed,
      long dropped,
      long waiting,
      Double passRate,
      Double dropOffRate,
      Double medianSeconds) {

    static Node of(String nodeId, long entered, long passed, long dropped, Double median) {
      return new Node(
          nodeId,
          entered,
          passed,
          dropped,
          entered - passed - dropped,
          Rates.ratio(passed, entered),
          Rates.ratio(dropped, entered),
          median);
    }
  }

  record Version(int version, long entries, List<Node> nodes) {}

  record Arm(String arm, long entries, long conversions, Double conversionRate, List<Node> nodes) {}

  record Goal(long entries, long conversions, Double conversionRate, BigDecimal revenue) {}

  record Report(
      String journey,
      String from,
      String to,
      Integer version,
      long entries,
      List<Node> nodes,
      List<Version> versions,
      List<Arm> arms,
      Goal goal,
      Uplift holdout) {}

  private final JdbcTemplate jdbc;

  Funnel(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional(readOnly = true)
  boolean known(String journey) {
    return !jdbc.queryForList(
            "select journey_key from analytics_daily where journey_key = ?"
                + " fetch first 1 rows only",
            String.class,
            journey)
        .isEmpty();
  }

  @Transactional(readOnly = true)
  Report report(String journey, DayWindow window, Integer version) {
    String versionFilter = version == null ? "" : " and journey_version = " + version;
    Date from = Date.valueOf(window.from());
    Date to = Date.valueOf(window.to());
    // version -> node -> metric -> n
    Map<Integer, Map<String, Map<String, Long>>> counts = new TreeMap<>();
    jdbc.query(
        "select journey_version, node_id, metric, sum(n) from analytics_daily"
            + " where journey_key = ? and day_utc >= ? and day_utc < ? and metric in ('entries',"
            + " 'entered', 'passed', 'dropped')"
            + versionFilter
            + " group by journey_version, node_id, metric",
        rs -> {
          counts
              .computeIfAbsent(rs.getInt(1), v -> new HashMap<>())
              .computeIfAbsent(rs.getString(2), n -> new HashMap<>())
              .put(rs.getString(3), rs.getLong(4));
        },
        journey,
        from,
        to);
    Map<String, Double> medians = medians(journey, window, versionFilter);
    Map<String, Map<String, Long>> total = new HashMap<>();
    List<Version> versions = new ArrayList<>();
    counts.forEach(
        (v, nodes) -> {
          nodes.forEach(
              (node, metrics) ->
                  metrics.forEach(
                      (metric, n) ->
                          total
                              .computeIfAbsent(node, x -> new HashMap<>())
                              .merge(metric, n, Long::sum)));
          versions.add(new Version(v, entries(nodes), nodes(nodes, medians, false)));
        });
    return new Report(
        journey,
        window.from().toString(),
        window.to().minusDays(1).toString(),
        version,
        entries(total),
        nodes(total, medians, true),
        versions,
        arms(journey, window, versionFilter),
        goal(journey, window, versionFilter),
        holdout(journey, window, versionFilter));
  }

  /** Treated entries against held-out ones (goal conversion); null without held-out entries. */
  private Uplift holdout(String journey, DayWindow window, String versionFilter) {
    long[] c = new long[4];
    jdbc.query(
        "select case when holdout is null then 0 else 1 end, count(*),"
            + " sum(case when converted_at is not null then 1 else 0 end) from analytics_entry"
            + " where journey_key = ? and goal_event is not null and started_at >= ?"
            + " and started_at < ?"
            + versionFilter
            + " group by case when holdout is null then 0 else 1 end",
        rs -> {
          int side = rs.getInt(1) * 2;
          c[side] = rs.getLong(2);
          c[side + 1] = rs.getLong(3);
        },
        journey,
        start(window),
        end(window));
    return c[2] == 0 ? null : Uplift.of(c[0], c[1], c[2], c[3]);
  }

  private static long entries(Map<String, Map<String, Long>> nodes) {
    return nodes.getOrDefault("", Map.of()).getOrDefault(FlowStore.ENTRIES, 0L);
  }

  private static List<Node> nodes(
      Map<String, Map<String, Long>> nodes, Map<String, Double> medians, boolean withMedian) {
    List<Node> list = new ArrayList<>();
    nodes.forEach(
        (node, m) -> {
          if (!node.isEmpty()) {
            list.add(
                Node.of(
                    node,
                    m.getOrDefault(FlowStore.ENTERED, 0L),
                    m.getOrDefault(FlowStore.PASSED, 0L),
                    m.getOrDefault(FlowStore.DROPPED, 0L),
                    withMedian ? medians.get(node) : null));
          }
        });
    list.sort(Comparator.comparingLong(Node::entered).reversed().thenComparing(Node::nodeId));
    return list;
  }

  /** Median seconds in the node of the visits of the window that left it (passed or dropped). */
  private Map<String, Double> medians(String journey, DayWindow window, String versionFilter) {
    Map<String, Double> medians = new HashMap<>();
    jdbc.query(
        "select node_id, percentile_cont(0.5) within group (order by duration_ms)"
            + " from analytics_visit where journey_key = ? and entered_at >= ? and entered_at < ?"
            + " and duration_ms is not null"
            + versionFilter
            + " group by node_id",
        rs -> {
          medians.put(rs.getString(1), rs.getDouble(2) / 1000.0);
        },
        journey,
        start(window),
        end(window));
    return medians;
  }

  private List<Arm> arms(String journey, DayWindow window, String versionFilter) {
    Map<String, Map<String, long[]>> byArm = new TreeMap<>();
    jdbc.query(
        "select arm, node_id, count(*),"
            + " sum(case when outcome = 'PASSED' then 1 else 0 end),"
            + " sum(case when outcome = 'DROPPED' then 1 else 0 end)"
            + " from analytics_visit where journey_key = ? and arm is not null"
            + " and entered_at >= ? and entered_at < ?"
            + versionFilter
            + " group by arm, node_id",
        rs -> {
          byArm
              .computeIfAbsent(rs.getString(1), a -> new LinkedHashMap<>())
              .put(rs.getString(2), new long[] {rs.getLong(3), rs.getLong(4), rs.getLong(5)});
        },
        journey,
        start(window),
        end(window));
    Map<String, long[]> goals = new HashMap<>();
    jdbc.query(
        "select arm, count(*), sum(case when converted_at is not null then 1 else 0 end)"
            + " from analytics_entry e where journey_key = ? and arm is not null"
            + " and started_at >= ? and started_at < ?"
            + versionFilter
            + " group by arm",
        rs -> {
          goals.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        },
        journey,
        start(window),
        end(window));
    List<Arm> arms = new ArrayList<>();
    byArm.forEach(
        (arm, nodes) -> {
          List<Node> list = new ArrayList<>();
          nodes.forEach((node, c) -> list.add(Node.of(node, c[0], c[1], c[2], null)));
          list.sort(Comparator.comparingLong(Node::entered).reversed().thenComparing(Node::nodeId));
          long[] g = goals.getOrDefault(arm, new long[2]);
          arms.add(new Arm(arm, g[0], g[1], Rates.ratio(g[1], g[0]), list));
        });
    return arms;
  }

  /** Entries of the window into a journey with a goal, and how many converted; null: none. */
  private Goal goal(String journey, DayWindow window, String versionFilter) {
    return jdbc.queryForObject(
        "select count(*),"
            + " sum(case when converted_at is not null then 1 else 0 end),"
            + " coalesce(sum(revenue), 0) from analytics_entry where journey_key = ?"
            + " and goal_event is not null and started_at >= ? and started_at < ?"
            + versionFilter,
        (rs, i) ->
            rs.getLong(1) == 0
                ? null
                : new Goal(
                    rs.getLong(1),
                    rs.getLong(2),
                    Rates.ratio(rs.getLong(2), rs.getLong(1)),
                    rs.getBigDecimal(3).setScale(2, java.math.RoundingMode.HALF_UP)),
        journey,
        start(window),
        end(window));
  }

  private static Timestamp start(DayWindow window) {
    return Timestamp.from(window.from().atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  private static Timestamp end(DayWindow window) {
    return Timestamp.from(window.to().atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
