package io.journeys.segment;

import io.journeys.bench.BenchmarkApplication;
import io.journeys.contact.ContactFacts;
import io.journeys.event.EventIntake;
import io.journeys.journey.CorrelationProbe;
import io.journeys.journey.JourneyConstants;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Benchmark of the dormant segment's pass (the nightly pass restricted to {@code dormant}), not a
 * test: PostgreSQL (embedded binaries), the application in its production shape, {@code
 * -Dcontacts=1000000} contacts registered 200–400 days ago of whom 70 % ordered within 90 days and
 * 5 % before. Part 1 scans all of them in batches of 500, one transaction each, with the real SQL
 * but an intake that only counts (the cost of finding and recording the members); part 2 enters
 * {@code -Dwithjourneys=10000} more through the real event intake, which stores the events and
 * starts {@code dormant-win-back} for each, on the fresh database; part 3 as many again after an
 * {@code analyze}. After parts 2 and 3 the correlation to waiting executions of contacts in a
 * journey is timed through the correlator against the engine's correlation by business key. Prints
 * the plan of a page query and the statements that took longest (pg_stat_statements); {@code
 * -Dplanlog=<dir>} has PostgreSQL log the plans of statements slower than 2 ms (auto_explain).
 * docs/benchmarks.md has the command and figures.
 */
public final class DormantScanBenchmark {

  private static final Logger log = LoggerFactory.getLogger("benchmark");

  private DormantScanBenchmark() {}

  public static void main(String[] args) throws Exception {
    int contacts = Integer.getInteger("contacts", 1_000_000);
    int withJourneys = Integer.getInteger("withjourneys", 10_000);
    String planLog = System.getProperty("planlog");
    EmbeddedPostgres.Builder postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("shared_preload_libraries", "pg_stat_statements,auto_explain");
    if (planLog != null) {
      // the plans of statements slower than 2 ms, as they ran, in the server's own log files
      postgres
          .setServerConfig("auto_explain.log_min_duration", "2ms")
          .setServerConfig("auto_explain.log_analyze", "on")
          .setServerConfig("logging_collector", "on")
          .setServerConfig("log_directory", planLog);
    }
    try (EmbeddedPostgres pg = postgres.start();
        ConfigurableApplicationContext app =
            BenchmarkApplication.start(pg.getJdbcUrl("postgres", "postgres"))) {
      JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
      long t0 = System.nanoTime();
      generate(jdbc, contacts);
      log.info("generated {} contacts and their orders in {} s", contacts, seconds(t0));

      TransactionTemplate tx =
          new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
      AtomicLong counted = new AtomicLong();
      DormantSegmentScanDelegate countOnly =
          pass(
              app,
              events -> {
                counted.addAndGet(events.size() / 2); // two events per entry
                return events.size();
              });
      long start = System.nanoTime();
      int batches = scan(tx, countOnly, "c", "c~");
      double secs = seconds(start);
      log.info(
          "part 1: {} of {} contacts entered in {} batches in {} s = {} contacts scanned/s, heap used at the end"
              + " {} MiB (max {} MiB)",
          counted.get(),
          contacts,
          batches,
          String.format("%.1f", secs),
          Math.round(contacts / secs),
          used() >> 20,
          Runtime.getRuntime().maxMemory() >> 20);

      insertMembersToBe(jdbc, "j", withJourneys);
      jdbc.execute("create extension if not exists pg_stat_statements");
      jdbc.queryForList("select pg_stat_statements_reset()");
      DormantSegmentScanDelegate real = pass(app, app.getBean(EventIntake.class));
      enterWithJourneys(app, tx, real, "j", withJourneys, "part 2 (fresh database)");
      statements(jdbc, "part 2");
      CorrelationProbe probe = new CorrelationProbe(app);
      probe(tx, probe, "j", "after part 2");
      statements(jdbc, "probe after part 2");

      // the same once the engine's tables have planner statistics (autovacuum has analyzed them,
      // as in a database that has run for a while)
      jdbc.execute("analyze");
      insertMembersToBe(jdbc, "k", withJourneys);
      enterWithJourneys(app, tx, real, "k", withJourneys, "part 3 (analyzed)");
      statements(jdbc, "part 3");
      probe(tx, probe, "k", "after part 3");
      jdbc.queryForList(
              "select relname, seq_scan, seq_tup_read, idx_scan from pg_stat_user_tables"
                  + " order by seq_tup_read desc limit 8")
          .forEach(table -> log.info("table scans: {}", table));
    }
  }

  /** The pass of the dormant segment, announcing through {@code intake}. */
  private static DormantSegmentScanDelegate pass(
      ConfigurableApplicationContext app, EventIntake intake) {
    Membership membership =
        new Membership(app.getBean(FactLoader.class), app.getBean(SegmentMembers.class), intake);
    return new DormantSegmentScanDelegate(
        app.getBean(SegmentCatalog.class), membership, app.getBean(ContactFacts.class), 500);
  }

  /** The statements that took longest since the last call, then forgets them. */
  private static void statements(JdbcTemplate jdbc, String part) {
    jdbc.queryForList(
            "select calls, round(total_exec_time) as ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 300) as query"
                + " from pg_stat_statements order by total_exec_time desc limit 6")
        .forEach(statement -> log.info("{} statement: {}", part, statement));
    jdbc.queryForList("select pg_stat_statements_reset()");
  }

  private static void insertMembersToBe(JdbcTemplate jdbc, String prefix, int count) {
    jdbc.update(
        """
        insert into contact (id, email, locale, timezone, created_at, updated_at)
        select ? || '-' || lpad(g::text, 8, '0'), ? || g || '@example.com', 'en', 'Asia/Shanghai',
               now() - interval '300 days', now()
        from generate_series(1, ?) g""",
        prefix,
        prefix,
        count);
  }

  /** Enters the members-to-be through the real intake, which starts their journeys. */
  private static void enterWithJourneys(
      ConfigurableApplicationContext app,
      TransactionTemplate tx,
      DormantSegmentScanDelegate segment,
      String prefix,
      int count,
      String part) {
    RuntimeService runtime = app.getBean(RuntimeService.class);
    long before =
        runtime
            .createProcessInstanceQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_DORMANT_WIN_BACK)
            .count();
    long start = System.nanoTime();
    int batches = scan(tx, segment, prefix, prefix + "~");
    double secs = seconds(start);
    long started =
        runtime
                .createProcessInstanceQuery()
                .processDefinitionKey(JourneyConstants.PROCESS_DORMANT_WIN_BACK)
                .count()
            - before;
    log.info(
        "{}: {} members entered with events and journeys in {} batches in {} s = {} entries/s;"
            + " {} dormant-win-back instances started, {} running",
        part,
        count,
        batches,
        String.format("%.1f", secs),
        Math.round(count / secs),
        started,
        before + started);
  }

  /**
   * Correlation to the waiting executions of 1,000 contacts with a running dormant-win-back, the
   * correlator's way against the engine's correlation by business key (the baseline, what the
   * correlator did before), for a message nothing waits for and one every instance waits for
   * (rolled back). Each way runs twice; the second run counts.
   */
  private static void probe(
      TransactionTemplate tx, CorrelationProbe probe, String prefix, String when) {
    for (String message : new String[] {"product.viewed", "order.placed"}) {
      double[] perEvent = new double[2];
      int[] reached = new int[2];
      for (int round = 0; round < 2; round++) {
        for (int way = 0; way < 2; way++) {
          boolean correlator = way == 0;
          long start = System.nanoTime();
          reached[way] =
              tx.execute(
                  status -> {
                    int sum = 0;
                    for (int i = 1; i <= 1000; i++) {
                      String contactId = prefix + "-" + String.format("%08d", i);
                      sum +=
                          correlator
                              ? probe.viaCorrelator(message, contactId)
                              : probe.viaBusinessKey(message, contactId);
                    }
                    status.setRollbackOnly();
                    return sum;
                  });
          perEvent[way] = (System.nanoTime() - start) / 1e6 / 1000;
        }
      }
      log.info(
          "correlation {}, {}: correlator {} ms/event ({} reached), engine by business key {} ms/event"
              + " ({} reached), correlator/baseline {}",
          when,
          message,
          String.format("%.3f", perEvent[0]),
          reached[0],
          String.format("%.3f", perEvent[1]),
          reached[1],
          String.format("%.2f", perEvent[0] / perEvent[1]));
    }
  }

  /**
   * Runs the scan's batches between two cursors (ids starting with a prefix), one transaction each.
   */
  private static int scan(
      TransactionTemplate tx, DormantSegmentScanDelegate segment, String from, String to) {
    Instant now = Instant.now();
    String cursor = from;
    int batches = 0;
    while (true) {
      String after = cursor;
      DormantSegmentScanDelegate.Batch batch =
          tx.execute(status -> segment.nextBatch("dormant", after, now));
      batches++;
      if (batch.done() || batch.cursor().compareTo(to) >= 0) {
        return batches;
      }
      cursor = batch.cursor();
    }
  }

  /** Contacts c-… of part 1 and their orders, set-based. */
  private static void generate(JdbcTemplate jdbc, int contacts) {
    jdbc.update(
        """
        insert into contact (id, email, locale, timezone, created_at, updated_at)
        select 'c-' || lpad(g::text, 8, '0'), 'c' || g || '@example.com', 'en', 'Asia/Shanghai',
               now() - ((200 + g % 200) || ' days')::interval, now()
        from generate_series(1, ?) g""",
        contacts);
    jdbc.update(
        """
        insert into event (id, type, contact_id, occurred_at, received_at, properties)
        select 'o-' || g, 'order.placed', 'c-' || lpad(g::text, 8, '0'),
               now() - (case when g % 20 < 14 then (g % 80) || ' days' else (100 + g % 50) || ' days' end)::interval,
               now(), '{}'
        from generate_series(1, ?) g where g % 20 < 15""",
        contacts);
    jdbc.execute("analyze");
  }

  private static long used() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
