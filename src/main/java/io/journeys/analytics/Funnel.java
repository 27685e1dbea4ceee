package io.journeys.analytics;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * journey's goal. Node counts, arms and medians come from the day rollups (cohort: the day the
 * visit entered the node; medians from the duration histogram, {@link Durations}); entries, goal
 * and holdout from the window's entries.
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
            "select journey_key from analytics_daily_all where journey_key = ?"
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
    Cells total = new Cells();
    Map<Integer, Cells> byVersion = new TreeMap<>();
    Map<String, Cells> byArm = new TreeMap<>();
    jdbc.query(
        "select journey_version, node_id, arm, metric, sum(n), sum(amount) from analytics_daily_all"
            + " where journey_key = ? and day_utc >= ? and day_utc < ? and channel = ''"
            + " and (metric in ('entries', 'entered', 'passed', 'dropped') or metric like '"
            + Durations.PREFIX
            + "%')"
            + versionFilter
            + " group by journey_version, node_id, arm, metric",
        rs -> {
          String node = rs.getString(2);
          String arm = rs.getString(3);
          String metric = rs.getString(4);
          long n = rs.getLong(5);
          BigDecimal amount = rs.getBigDecimal(6);
          total.add(node, metric, n, amount);
          byVersion.computeIfAbsent(rs.getInt(1), v -> new Cells()).add(node, metric, n, amount);
          if (!arm.isEmpty()) {
            byArm.computeIfAbsent(arm, a -> new Cells()).add(node, metric, n, amount);
          }
        },
        journey,
        from,
        to);
    List<Version> versions = new ArrayList<>();
    byVersion.forEach((v, cells) -> versions.add(new Version(v, cells.entries(), cells.nodes())));
    List<EntryGroup> entries = entryGroups(journey, window, versionFilter);
    return new Report(
        journey,
        window.from().toString(),
        window.to().minusDays(1).toString(),
        version,
        total.entries(),
        total.nodes(),
        versions,
        arms(entries, byArm),
        goal(entries),
        holdout(entries));
  }

  /** Rollup sums of one part of the funnel (all, a version, an arm): per node the counters. */
  private static final class Cells {
    private final Map<String, Map<String, Long>> counts = new HashMap<>();
    private final Map<String, Durations.Histogram> durations = new HashMap<>();

    void add(String node, String metric, long n, BigDecimal amount) {
      if (metric.startsWith(Durations.PREFIX)) {
        durations.computeIfAbsent(node, x -> new Durations.Histogram()).add(metric, n, amount);
      } else {
        counts.computeIfAbsent(node, x -> new HashMap<>()).merge(metric, n, Long::sum);
      }
    }

    long entries() {
      return counts.getOrDefault("", Map.of()).getOrDefault(FlowStore.ENTRIES, 0L);
    }

    List<Node> nodes() {
      List<Node> list = new ArrayList<>();
      counts.forEach(
          (node, m) -> {
            if (!node.isEmpty()) {
              Durations.Histogram h = durations.get(node);
              list.add(
                  Node.of(
                      node,
                      m.getOrDefault(FlowStore.ENTERED, 0L),
                      m.getOrDefault(FlowStore.PASSED, 0L),
                      m.getOrDefault(FlowStore.DROPPED, 0L),
                      h == null ? null : h.median()));
            }
          });
      list.sort(Comparator.comparingLong(Node::entered).reversed().thenComparing(Node::nodeId));
      return list;
    }
  }

  /**
   * The window's entries in one grouped read: per arm ("" none), held out or not, with a goal or
   * not: entries, conversions, revenue.
   */
  private record EntryGroup(
      String arm,
      boolean heldOut,
      boolean withGoal,
      long entries,
      long converted,
      BigDecimal revenue) {}

  private List<EntryGroup> entryGroups(String journey, DayWindow window, String versionFilter) {
    return jdbc.query(
        "select coalesce(arm, ''), case when holdout is null then 0 else 1 end,"
            + " case when goal_event is null then 0 else 1 end, count(*),"
            + " sum(case when converted_at is not null then 1 else 0 end),"
            + " coalesce(sum(revenue), 0) from analytics_entry"
            + " where journey_key = ? and started_at >= ? and started_at < ? and trial = false"
            + versionFilter
            + " group by coalesce(arm, ''), case when holdout is null then 0 else 1 end,"
            + " case when goal_event is null then 0 else 1 end",
        (rs, i) ->
            new EntryGroup(
                rs.getString(1),
                rs.getInt(2) == 1,
                rs.getInt(3) == 1,
                rs.getLong(4),
                rs.getLong(5),
                rs.getBigDecimal(6)),
        journey,
        start(window),
        end(window));
  }

  /** Treated entries against held-out ones (goal conversion); null without held-out entries. */
  private static Uplift holdout(List<EntryGroup> groups) {
    long[] c = new long[4];
    for (EntryGroup g : groups) {
      if (g.withGoal()) {
        int side = g.heldOut() ? 2 : 0;
        c[side] += g.entries();
        c[side + 1] += g.converted();
      }
    }
    return c[2] == 0 ? null : Uplift.of(c[0], c[1], c[2], c[3]);
  }

  /**
   * Per experiment arm: the nodes (from the rollups, {@code byArm}) and the arm's entries of the
   * window with their goal conversions.
   */
  private static List<Arm> arms(List<EntryGroup> groups, Map<String, Cells> byArm) {
    Map<String, long[]> goals = new HashMap<>();
    for (EntryGroup g : groups) {
      if (!g.arm().isEmpty()) {
        long[] c = goals.computeIfAbsent(g.arm(), a -> new long[2]);
        c[0] += g.entries();
        c[1] += g.converted();
      }
    }
    List<Arm> arms = new ArrayList<>();
    byArm.forEach(
        (arm, cells) -> {
          long[] g = goals.getOrDefault(arm, new long[2]);
          arms.add(new Arm(arm, g[0], g[1], Rates.ratio(g[1], g[0]), cells.nodes()));
        });
    return arms;
  }

  /** Entries of the window into a journey with a goal, and how many converted; null: none. */
  private static Goal goal(List<EntryGroup> groups) {
    long entries = 0;
    long converted = 0;
    BigDecimal revenue = BigDecimal.ZERO;
    for (EntryGroup g : groups) {
      if (g.withGoal()) {
        entries += g.entries();
        converted += g.converted();
        revenue = revenue.add(g.revenue());
      }
    }
    return entries == 0
        ? null
        : new Goal(
            entries,
            converted,
            Rates.ratio(converted, entries),
            revenue.setScale(2, java.math.RoundingMode.HALF_UP));
  }

  private static Timestamp start(DayWindow window) {
    return Timestamp.from(window.from().atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  private static Timestamp end(DayWindow window) {
    return Timestamp.from(window.to().atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
