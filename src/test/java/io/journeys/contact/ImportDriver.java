package io.journeys.contact;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.springframework.context.ApplicationContext;

/** Runs a CSV import through the application's own {@link ImportService}, for the benchmark. */
public final class ImportDriver {

  private ImportDriver() {}

  /**
   * Imports {@code file} (deleted afterwards, as an upload is) and waits until it has finished.
   *
   * @return the report's figures: read, inserted, updated, merged, rejected, and status
   */
  public static Map<String, Object> importAndWait(
      ApplicationContext context, Path file, Duration atMost) throws Exception {
    ImportService imports = context.getBean(ImportService.class);
    String id =
        imports.start(file, file.getFileName().toString(), Map.of(), StandardCharsets.UTF_8);
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !ImportReport.RUNNING.equals(imports.report(id).orElseThrow().status()));
    ImportReport r = imports.report(id).orElseThrow();
    return Map.of(
        "status",
        r.status(),
        "read",
        r.read(),
        "inserted",
        r.inserted(),
        "updated",
        r.updated(),
        "merged",
        r.merged(),
        "rejected",
        r.rejected(),
        "error",
        String.valueOf(r.error()));
  }
}
