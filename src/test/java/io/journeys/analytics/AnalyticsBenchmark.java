package io.journeys.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.bench.BenchmarkApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark of the analytics reports (issue 13; {@code ./mvnw -Pbench verify
 * -Dit.test=AnalyticsBenchmark}): PostgreSQL (embedded, fsync and synchronous commit on) and the
 * application in its production shape; 100,000 journey entries with 6 node visits each and
 * 1,000,000 messages (10 per entry, 30 days, email and SMS, 3 nodes and templates; 95 % sent, 2 %
 * bounced, 30 % opened, 10 % clicked), 20,000 orders, and their day rollups (counts by arm, the
 * duration histogram), generated in SQL as the listeners would have written them. Times each report
 * (best of 5 after a warm-up), and compares the funnel's medians with the exact ones ({@code
 * percentile_cont} over the raw visits, the former way, timed as the baseline). docs/analytics.md
 * "Benchmark" has a run.
 */
class AnalyticsBenchmark {

  private static final Logger log = LoggerFactory.getLogger("benchmark");

  @Test
  void reportsOverAMillionMessages() throws Exception {
    try (EmbeddedPostgres pg =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        ConfigurableApplicationContext app =
            BenchmarkApplication.start(pg.getJdbcUrl("postgres", "postgres"))) {
      JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
      long t0 = System.nanoTime();
      generate(jdbc);
      log.info(
          "generated in {} s: {} entries, {} visits, {} messages, {} rollup rows",
          (System.nanoTime() - t0) / 1_000_000_000,
          count(jdbc, "analytics_entry"),
          count(jdbc, "analytics_visit"),
          count(jdbc, "analytics_message"),
          count(jdbc, "analytics_daily"));
      DayWindow window = new DayWindow(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1));
      Funnel funnel = app.getBean(Funnel.class);
      ChannelMetrics metrics = app.getBean(ChannelMetrics.class);
      Attribution attribution = app.getBean(Attribution.class);
      time(
          "funnel (all versions, medians, arms, goal)",
          () -> funnel.report("bench", window, null).nodes().size());
      time(
          "funnel of one week",
          () ->
              funnel
                  .report(
                      "bench",
                      new DayWindow(LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 12)),
                      null)
                  .nodes()
                  .size());
      time(
          "channel metrics by day, journey, node, channel, template",
          () ->
              metrics
                  .report(
                      window,
                      ChannelMetrics.Interval.DAY,
                      List.of("journey", "node", "channel", "template"),
                      new ChannelMetrics.Filter(null, null, null, null))
                  .size());
      time(
          "channel metrics by month and channel",
          () ->
              metrics
                  .report(
                      window,
                      ChannelMetrics.Interval.MONTH,
                      List.of("channel"),
                      new ChannelMetrics.Filter("bench", null, null, null))
                  .size());
      Map<String, Double> exact = new TreeMap<>();
      time(
          "baseline: exact medians of the 31 days over the raw visits (percentile_cont)",
          () -> {
            exact.clear();
            jdbc.query(
                "select node_id, percentile_cont(0.5) within group (order by duration_ms)"
                    + " from analytics_visit where journey_key = 'bench' and entered_at >= ?"
                    + " and entered_at < ? and duration_ms is not null group by node_id",
                rs -> {
                  exact.put(rs.getString(1), rs.getDouble(2) / 1000.0);
                },
                java.sql.Timestamp.from(java.time.Instant.parse("2026-10-01T00:00:00Z")),
                java.sql.Timestamp.from(java.time.Instant.parse("2026-11-01T00:00:00Z")));
            return exact.size();
          });
      double worst = 0;
      for (Funnel.Node node : funnel.report("bench", window, null).nodes()) {
        double e = exact.get(node.nodeId());
        double error = Math.abs(node.medianSeconds() - e) / e;
        worst = Math.max(worst, error);
        log.info(
            "median of {}: {} s from the histogram, {} s exact ({} %)",
            node.nodeId(),
            String.format("%.1f", node.medianSeconds()),
            String.format("%.1f", e),
            String.format("%.2f", 100 * error));
      }
      log.info("largest relative error of a median: {} %", String.format("%.2f", 100 * worst));
      assertThat(worst).as("within the histogram's bucket width").isLessThan(0.045);
      time(
          "attribution, all models, lookback 30 days",
          () ->
              attribution
                  .report(
                      window,
                      Duration.ofDays(30),
                      Duration.ofDays(7),
                      List.of(AttributionModels.Model.values()))
                  .rows()
                  .size());
    }
  }

  private static void time(String what, Supplier<Object> report) {
    report.get();
    long best = Long.MAX_VALUE;
    Object size = null;
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      size = report.get();
      best = Math.min(best, System.nanoTime() - start);
    }
    log.info("{}: {} ms (best of 5; {} rows)", what, best / 1_000_000, size);
  }

  private static long count(JdbcTemplate jdbc, String table) {
    return jdbc.queryForObject("select count(*) from " + table, Long.class);
  }

  private static void generate(JdbcTemplate jdbc) {
    jdbc.execute(
        "insert into analytics_entry (process_instance_id, journey_key,"
            + " journey_version, contact_id, started_at, arm, goal_event, goal_deadline,"
            + " converted_at, revenue)"
            + " select 'pi-' || i, 'bench', 1 + i % 2, 'c-' || i,"
            + " timestamptz '2026-10-01' + (i % 30) * interval '1 day' + (i % 86400) * interval '1 second',"
            + " case when i % 3 = 0 then 'a' when i % 3 = 1 then 'b' end, 'order.placed',"
            + " timestamptz '2026-10-08' + (i % 30) * interval '1 day',"
            + " case when i % 10 = 0 then timestamptz '2026-10-02' + (i % 30) * interval '1 day' end,"
            + " case when i % 10 = 0 then 99.5 end from generate_series(1, 100000) i");
    jdbc.execute(
        "insert into analytics_visit (activity_instance_id, process_instance_id,"
            + " journey_key, journey_version, node_id, entered_at, left_at, duration_ms, outcome,"
            + " arm)"
            + " select 'ai-' || e.process_instance_id || '-' || n, e.process_instance_id, 'bench',"
            + " e.journey_version, 'Task_Node' || n, e.started_at + n * interval '1 hour',"
            + " case when (hashtext(e.process_instance_id) + n) % 10 <> 0"
            + "   then e.started_at + n * interval '1 hour' + (abs(hashtext(e.process_instance_id || n)) % 7200) * interval '1 second' end,"
            + " case when (hashtext(e.process_instance_id) + n) % 10 <> 0"
            + "   then (abs(hashtext(e.process_instance_id || n)) % 7200) * 1000 end,"
            + " case when (hashtext(e.process_instance_id) + n) % 10 = 0 then null"
            + "   when n = 3 and e.contact_id like '%7' then 'DROPPED' else 'PASSED' end, e.arm"
            + " from analytics_entry e, generate_series(1, 6) n");
    jdbc.execute(
        "insert into analytics_message (message_id, contact_id, process_instance_id,"
            + " journey_key, journey_version, node_id, channel, template, arm, created_at, status,"
            + " queued_at, sent_at, bounced_at, opened_at, clicked_at)"
            + " select 'm-' || e.process_instance_id || '-' || k, e.contact_id, e.process_instance_id,"
            + " 'bench', e.journey_version, 'Task_Send' || (k % 3), case when k % 4 = 0 then 'sms'"
            + " else 'email' end, 'template-' || (k % 3), coalesce(e.arm, ''),"
            + " e.started_at + k * interval '10 minutes', 'SENT', e.started_at + k * interval '10 minutes',"
            + " case when (i + k) % 20 <> 0 then e.started_at + k * interval '11 minutes' end,"
            + " case when (i + k) % 50 = 1 then e.started_at + k * interval '12 minutes' end,"
            + " case when (i + k) % 10 in (2, 3, 4) then e.started_at + k * interval '13 minutes' end,"
            + " case when (i + k) % 10 = 2 then e.started_at + k * interval '14 minutes' end"
            + " from (select *, row_number() over () i from analytics_entry) e,"
            + " generate_series(1, 10) k");
    jdbc.execute(
        "insert into analytics_order (event_id, contact_id, occurred_at, amount)"
            + " select 'o-' || i, 'c-' || (i * 5), timestamptz '2026-10-05' + (i % 25) * interval '1 day',"
            + " 10 + i % 90 from generate_series(1, 20000) i");
    // the rollups the listeners would have written
    jdbc.execute(
        "insert into analytics_daily select (started_at at time zone 'UTC')::date, journey_key,"
            + " journey_version, '', '', '', '', 'entries', count(*), 0 from analytics_entry"
            + " group by 1, 2, 3");
    for (String[] m :
        new String[][] {
          {"'entered'", "true"},
          {"'passed'", "outcome = 'PASSED'"},
          {"'dropped'", "outcome = 'DROPPED'"},
          {
            "'"
                + Durations.PREFIX
                + "' || case when duration_ms < 1 then 0"
                + " else 1 + floor(16 * ln(duration_ms) / ln(2)) end",
            "duration_ms is not null"
          }
        }) {
      jdbc.execute(
          "insert into analytics_daily select (entered_at at time zone 'UTC')::date, journey_key,"
              + " journey_version, node_id, '', '', coalesce(arm, ''), "
              + m[0]
              + ", count(*), coalesce(sum(duration_ms), 0)"
              + " from analytics_visit where "
              + m[1]
              + " group by 1, 2, 3, 4, 5, 6, 7, 8");
    }
    for (String[] m :
        new String[][] {
          {"queued", "queued_at"},
          {"sent", "sent_at"},
          {"bounced", "bounced_at"},
          {"opened", "opened_at"},
          {"clicked", "clicked_at"}
        }) {
      jdbc.execute(
          "insert into analytics_daily select (created_at at time zone 'UTC')::date, journey_key,"
              + " journey_version, node_id, channel, template, arm, '"
              + m[0]
              + "', count(*), 0"
              + " from analytics_message where "
              + m[1]
              + " is not null group by 1, 2, 3, 4, 5, 6, 7");
    }
    jdbc.execute("analyze");
  }
}
