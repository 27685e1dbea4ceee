package io.journeys.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.contact.ImportDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reported in the same run (issue 14): the CSV contact import (issue 3; the file of {@link
 * ImportBenchmark}, 5 % dirty rows) against a plain {@code COPY} of the same rows, and the
 * analytics reports over what the run left behind, through the API.
 */
@ExtendWith(BenchExtension.class)
@Order(7)
class ImportAndAnalyticsBenchmark {

  @Test
  void csvImport(Bench bench) throws Exception {
    int rows = Bench.size("import-rows", 100_000);
    Path dir = Files.createTempDirectory("journeys-bench-");
    Path file = dir.resolve("contacts.csv");
    ImportBenchmark.generate(file, rows);
    Path upload = Files.copy(file, dir.resolve("upload.csv"));
    double load = BenchResults.load();
    long t0 = System.nanoTime();
    Map<String, Object> report = ImportDriver.importAndWait(bench.peers.app, upload, Bench.LIMIT);
    double secs = Bench.seconds(t0);
    assertThat(report).containsEntry("status", "completed");
    double copy;
    try (Connection c = bench.peers.app.getBean(DataSource.class).getConnection()) {
      copy = rows / ImportBenchmark.copyBaseline(c, file);
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("drop table bench_copy");
      }
    }
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
    bench.report(
        "CSV contact import " + report,
        "rows/s",
        rows,
        rows / secs,
        "plain COPY of the same rows",
        copy,
        "reported (issue 3: >= 20,000 rows/s)",
        load,
        secs);
  }

  @Test
  void analyticsReports(Bench bench) throws Exception {
    String window = "from=" + LocalDate.now().minusDays(30) + "&to=" + LocalDate.now();
    for (String path :
        new String[] {
          "/api/journeys/cart-abandonment/funnel?" + window,
          "/api/analytics/channel-metrics?" + window,
          "/api/analytics/channel-metrics?groupBy=journey,node,channel,template&" + window,
          "/api/analytics/attribution?" + window
        }) {
      bench.get(path); // warm-up
      double best = Double.MAX_VALUE;
      double load = BenchResults.load();
      int size = 0;
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        size = bench.get(path);
        best = Math.min(best, Bench.seconds(t0) * 1000);
      }
      bench.report(
          "analytics: GET " + path + " (best of 3, " + size + " characters)",
          "ms",
          1,
          best,
          null,
          null,
          "reported",
          load,
          best / 1000);
    }
  }
}
