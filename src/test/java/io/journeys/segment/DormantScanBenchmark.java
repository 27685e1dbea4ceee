package io.journeys.segment;

import io.journeys.bench.BenchmarkApplication;
import io.journeys.event.EventIntake;
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
 * Benchmark of the dormant-segment scan, not a test: PostgreSQL (embedded binaries), the
 * application in its production shape, {@code -Dcontacts=1000000} contacts registered 200–400
 * days ago of whom 70 % ordered within 90 days and 5 % before. Part 1 scans all of them in
 * batches of 500, one transaction each, with the real SQL but an intake that only counts (the
 * cost of finding and recording the members); part 2 enters {@code -Dwithjourneys=10000} more
 * through the real event intake, which stores the events and starts {@code dormant-win-back}
 * for each. Prints the plan of a page query and the statements that took longest
 * (pg_stat_statements). README "Segments" has the command and figures.
 */
public final class DormantScanBenchmark {

  private static final Logger log = LoggerFactory.getLogger("benchmark");

  private DormantScanBenchmark() {}

  public static void main(String[] args) throws Exception {
    int contacts = Integer.getInteger("contacts", 1_000_000);
    int withJourneys = Integer.getInteger("withjourneys", 10_000);
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
            .setServerConfig("shared_preload_libraries", "pg_stat_statements").start();
        ConfigurableApplicationContext app = BenchmarkApplication.start(pg.getJdbcUrl("postgres", "postgres"))) {
      JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
      long t0 = System.nanoTime();
      generate(jdbc, contacts);
      log.info("generated {} contacts and their orders in {} s", contacts, seconds(t0));

      TransactionTemplate tx = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
      SegmentMemberships memberships = app.getBean(SegmentMemberships.class);
      DormantSegmentProperties properties = new DormantSegmentProperties(null, null, 500);
      AtomicLong counted = new AtomicLong();
      DormantSegment countOnly = new DormantSegment(memberships, events -> {
        counted.addAndGet(events.size());
        return events.size();
      }, properties);
      long start = System.nanoTime();
      int batches = scan(tx, countOnly, "c", "c~");
      double secs = seconds(start);
      log.info("part 1: {} of {} contacts entered in {} batches in {} s = {} contacts scanned/s, heap used at the end"
          + " {} MiB (max {} MiB)", counted.get(), contacts, batches, String.format("%.1f", secs),
          Math.round(contacts / secs), used() >> 20, Runtime.getRuntime().maxMemory() >> 20);

      jdbc.queryForList("explain (analyze, buffers) select c.id from contact c where c.id > 'c-00500000'"
          + " and c.created_at < now() - interval '180 days' and not exists (select 1 from event e where"
          + " e.contact_id = c.id and e.contact_id > 'c-00500000' and e.type = 'order.placed'"
          + " and e.occurred_at >= now() - interval '90 days') and not exists (select 1 from segment_membership m"
          + " where m.contact_id = c.id and m.contact_id > 'c-00500000' and m.segment = 'dormant'"
          + " and m.left_at is null) order by c.id limit 500", String.class)
          .forEach(line -> log.info("plan: {}", line));
      jdbc.update("""
          insert into contact (id, email, locale, timezone, created_at, updated_at)
          select 'j-' || lpad(g::text, 8, '0'), 'j' || g || '@example.com', 'en', 'Asia/Shanghai',
                 now() - interval '300 days', now()
          from generate_series(1, ?) g""", withJourneys);
      DormantSegment real = new DormantSegment(memberships, app.getBean(EventIntake.class), properties);
      start = System.nanoTime();
      batches = scan(tx, real, "j", "j~");
      secs = seconds(start);
      long started = app.getBean(RuntimeService.class).createProcessInstanceQuery()
          .processDefinitionKey(JourneyConstants.PROCESS_DORMANT_WIN_BACK).count();
      log.info("part 2: {} members entered with events and journeys in {} batches in {} s = {} entries/s;"
          + " {} dormant-win-back instances", withJourneys, batches, String.format("%.1f", secs),
          Math.round(withJourneys / secs), started);
      jdbc.queryForList("select relname, seq_scan, seq_tup_read, idx_scan from pg_stat_user_tables"
          + " order by seq_tup_read desc limit 8").forEach(table -> log.info("table scans: {}", table));
      jdbc.execute("create extension if not exists pg_stat_statements");
      jdbc.queryForList("select calls, round(total_exec_time) as ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 300) as query"
          + " from pg_stat_statements order by total_exec_time desc limit 6")
          .forEach(statement -> log.info("statement: {}", statement));
    }
  }

  /** Runs the scan's batches between two cursors (ids starting with a prefix), one transaction each. */
  private static int scan(TransactionTemplate tx, DormantSegment segment, String from, String to) {
    Instant now = Instant.now();
    String cursor = from;
    int batches = 0;
    while (true) {
      String after = cursor;
      DormantSegment.Batch batch = tx.execute(status -> segment.enterNextBatch(after, now));
      batches++;
      if (batch.done() || batch.cursor().compareTo(to) >= 0) {
        return batches;
      }
      cursor = batch.cursor();
    }
  }

  /** Contacts c-… of part 1 and their orders, set-based. */
  private static void generate(JdbcTemplate jdbc, int contacts) {
    jdbc.update("""
        insert into contact (id, email, locale, timezone, created_at, updated_at)
        select 'c-' || lpad(g::text, 8, '0'), 'c' || g || '@example.com', 'en', 'Asia/Shanghai',
               now() - ((200 + g % 200) || ' days')::interval, now()
        from generate_series(1, ?) g""", contacts);
    jdbc.update("""
        insert into event (id, type, contact_id, occurred_at, received_at, properties)
        select 'o-' || g, 'order.placed', 'c-' || lpad(g::text, 8, '0'),
               now() - (case when g % 20 < 14 then (g % 80) || ' days' else (100 + g % 50) || ' days' end)::interval,
               now(), '{}'
        from generate_series(1, ?) g where g % 20 < 15""", contacts);
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
