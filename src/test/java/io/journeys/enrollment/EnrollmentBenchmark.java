package io.journeys.enrollment;

import io.journeys.bench.BenchmarkApplication;
import io.journeys.journey.JourneyConstants;
import io.journeys.segment.SegmentDirectory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Benchmark of bulk enrollment (issue 14), not a test: embedded PostgreSQL with fsync and
 * synchronous_commit on, the application in its production shape (no job executor), a journey that
 * waits on a 1-day timer. Enrolls a segment of {@code -Dcontacts=100000} through the enrollment
 * runner (batches of {@code -Dbatch=500}), and as the baseline in the same run starts {@code
 * -Dnaive=2000} other contacts one {@code startProcessInstanceByKey} per transaction. Prints both
 * rates and their ratio. Command: docs/segments.md ("Enrollments").
 */
public final class EnrollmentBenchmark {

  private static final Logger log = LoggerFactory.getLogger("benchmark");
  private static final String JOURNEY = "bench-enrollment";

  private EnrollmentBenchmark() {}

  public static void main(String[] args) throws Exception {
    int contacts = Integer.getInteger("contacts", 100_000);
    int naive = Integer.getInteger("naive", 2_000);
    int batch = Integer.getInteger("batch", 500);
    try (EmbeddedPostgres pg =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
        ConfigurableApplicationContext app =
            BenchmarkApplication.start(pg.getJdbcUrl("postgres", "postgres"))) {
      JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
      RuntimeService runtime = app.getBean(RuntimeService.class);
      app.getBean(RepositoryService.class)
          .createDeployment()
          .addModelInstance(
              JOURNEY + ".bpmn",
              Bpmn.createExecutableProcess(JOURNEY)
                  .camundaHistoryTimeToLive(1)
                  .startEvent()
                  .message("custom.bench.enrollment")
                  .intermediateCatchEvent("Event_Wait")
                  .timerWithDuration("P1D")
                  .endEvent()
                  .done())
          .deploy();
      jdbc.update(
          "insert into contact (id, created_at, updated_at) select 's-' || lpad(g::text, 8, '0'), now(), now()"
              + " from generate_series(1, ?) g",
          contacts);
      jdbc.update(
          "insert into contact (id, created_at, updated_at) select 'n-' || lpad(g::text, 8, '0'), now(), now()"
              + " from generate_series(1, ?) g",
          naive);
      jdbc.update(
          "insert into segment (segment_key, name, definition, created_at, updated_at)"
              + " values ('bench', 'bench', '{\"tag\":\"bench\"}', now(), now())");
      jdbc.update(
          "insert into segment_member (segment, contact_id, entered_at) select 'bench', id, now()"
              + " from contact where id like 's-%'");
      jdbc.execute("analyze");

      TransactionTemplate tx =
          new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
      long start = System.nanoTime();
      for (String contactId :
          jdbc.queryForList(
              "select id from contact where id like 'n-%' order by id", String.class)) {
        tx.executeWithoutResult(
            s ->
                runtime.startProcessInstanceByKey(
                    JOURNEY, contactId, Map.of(JourneyConstants.VAR_CONTACT_ID, contactId)));
      }
      double naiveRate = naive / seconds(start);
      log.info(
          "baseline: {} naive starts (one startProcessInstanceByKey per transaction): {} starts/s",
          naive,
          Math.round(naiveRate));

      Enrollments enrollments = app.getBean(Enrollments.class);
      String id = UUID.randomUUID().toString();
      tx.executeWithoutResult(
          s -> enrollments.create(id, JOURNEY, "bench", List.of(), Instant.now()));
      EnrollmentRunner runner =
          new EnrollmentRunner(
              "bench-node",
              enrollments,
              app.getBean(SegmentDirectory.class),
              app.getBean(JourneyStarts.class),
              tx,
              new EnrollmentProperties(batch, null, null, null),
              Clock.systemUTC());
      start = System.nanoTime();
      String claimed = runner.claimNext();
      runner.run(claimed, Integer.MAX_VALUE);
      double secs = seconds(start);
      Enrollment done = enrollments.find(id).orElseThrow();
      log.info(
          "enrollment: {} of {} contacts enrolled ({}, {} batches of {}) in {} s = {} contacts/s;"
              + " ratio to the baseline {}",
          done.enrolled(),
          contacts,
          done.status(),
          done.batches(),
          batch,
          String.format("%.1f", secs),
          Math.round(done.enrolled() / secs),
          String.format("%.2f", done.enrolled() / secs / naiveRate));
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
