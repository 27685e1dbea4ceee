package io.journeys.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures of one run: each printed when taken (figure, same-run baseline, ratio, target, load
 * average), and all of them written to {@code target/bench/results.json}.
 */
final class BenchResults {

  private static final Logger log = LoggerFactory.getLogger("benchmark");

  /** One figure; baseline and ratio are null where a scenario has none. */
  record Row(
      String scenario,
      String unit,
      long count,
      double value,
      String baselineName,
      Double baseline,
      Double ratio,
      String target,
      double loadBefore,
      double loadAfter,
      double seconds) {}

  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Object> run = new LinkedHashMap<>();

  BenchResults(Map<String, ?> settings) {
    run.put("started", Instant.now().toString());
    run.put("cores", Runtime.getRuntime().availableProcessors());
    run.put("settings", settings);
  }

  static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  void add(Row row) {
    rows.add(row);
    log.info(
        String.format(
            "RESULT %-60s %10.1f %-14s%s  target %s  (n=%d, %.1f s, load %.1f→%.1f)",
            row.scenario(),
            row.value(),
            row.unit(),
            row.baseline() == null
                ? ""
                : String.format(
                    "  baseline %.1f (%s)  ratio %.2f",
                    row.baseline(), row.baselineName(), row.ratio()),
            row.target(),
            row.count(),
            row.seconds(),
            row.loadBefore(),
            row.loadAfter()));
  }

  void write(Path dir) throws Exception {
    Files.createDirectories(dir);
    run.put("finished", Instant.now().toString());
    run.put("results", rows);
    Path file = dir.resolve("results.json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), run);
    log.info("results written to {}", file.toAbsolutePath());
  }
}
