package io.journeys.contact;

import io.journeys.config.EngineClock;
import io.journeys.contact.ImportReport.Counts;
import jakarta.annotation.PreDestroy;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Starts contact imports (CSV or .xlsx): the upload is kept in a temporary file, its header
 * checked, and the rows imported in the background, one import at a time per node; progress is in
 * contact_import.
 */
@Service
class ImportService {

  private static final Logger log = LoggerFactory.getLogger(ImportService.class);
  private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(20);

  static final String SHUTDOWN_REASON =
      "interrupted by a shutdown of the node; nothing was imported, start it again";

  private final ContactImporter importer;
  private final ImportRepository imports;
  private final ImportLeases leases;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "contact-import"));
  private volatile boolean stopping;

  ImportService(ContactImporter importer, ImportRepository imports, ImportLeases leases) {
    this.importer = importer;
    this.imports = imports;
    this.leases = leases;
  }

  /**
   * Takes over {@code file} (deleted when the import ends) and starts importing it.
   *
   * @throws IllegalArgumentException when the header names no identity column
   */
  String start(Path file, String fileName, Map<String, String> mapping, Charset charset)
      throws IOException {
    SheetRows.Format format = null;
    try {
      format = SheetRows.Format.of(file);
      try (SheetRows rows = rows(file, format, charset)) {
        ContactImporter.columns(rows, mapping);
      }
    } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
      Files.deleteIfExists(file);
      throw e instanceof IllegalArgumentException iae
          ? iae
          : new IllegalArgumentException(
              (format == null
                      ? "the file cannot be read"
                      : "the header line is not valid " + format)
                  + " ("
                  + rootMessage(e)
                  + ")",
              e);
    }
    SheetRows.Format chosen = format;
    String id = UUID.randomUUID().toString();
    imports.create(id, fileName, EngineClock.now(), leases.nodeId());
    worker.execute(() -> run(id, file, chosen, mapping, charset));
    return id;
  }

  Optional<ImportReport> report(String id) {
    return imports.find(id);
  }

  private void run(
      String id, Path file, SheetRows.Format format, Map<String, String> mapping, Charset charset) {
    Instant stamp = EngineClock.now().truncatedTo(ChronoUnit.MICROS);
    Counts counts = new Counts();
    try (SheetRows rows = rows(file, format, charset)) {
      long[] shown = {System.nanoTime()};
      counts =
          importer.run(
              rows,
              mapping,
              stamp,
              c -> {
                if (System.nanoTime() - shown[0] >= PROGRESS_EVERY_NANOS) { // not after every chunk
                  imports.progress(id, c, ImportReport.RUNNING, null, null);
                  shown[0] = System.nanoTime();
                }
              });
      imports.progress(id, counts, ImportReport.COMPLETED, null, EngineClock.now());
      log.info(
          "Import {} done: {} read, {} inserted, {} updated, {} merged, {} rejected",
          id,
          counts.read,
          counts.inserted,
          counts.updated,
          counts.merged,
          counts.rejected);
    } catch (IOException | UncheckedIOException e) {
      fail(id, "the file is not valid " + format + ": " + rootMessage(e), e);
    } catch (RuntimeException e) {
      fail(id, stopping ? SHUTDOWN_REASON : "import failed; nothing was imported", e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("Could not delete the upload of import {}", id, e);
      }
    }
  }

  private void fail(String id, String reason, Exception e) {
    log.warn("Import {} failed and was rolled back", id, e);
    imports.progress(id, new Counts(), ImportReport.FAILED, reason, EngineClock.now());
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String m = String.valueOf(t.getMessage());
    return m.length() > 300 ? m.substring(0, 300) : m;
  }

  static SheetRows rows(Path file, SheetRows.Format format, Charset charset) throws IOException {
    return format == SheetRows.Format.XLSX
        ? SheetRows.xlsx(new BufferedInputStream(Files.newInputStream(file)))
        : SheetRows.csv(open(file, charset));
  }

  /** A reader over the file that skips a UTF-8 byte-order mark (spreadsheet exports have one). */
  static Reader open(Path file, Charset charset) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    in.mark(3);
    byte[] bom = in.readNBytes(3);
    if (!(bom.length == 3
        && (bom[0] & 0xFF) == 0xEF
        && (bom[1] & 0xFF) == 0xBB
        && (bom[2] & 0xFF) == 0xBF)) {
      in.reset();
    }
    return new InputStreamReader(in, charset);
  }

  /**
   * Interrupts a running import (its transaction rolls back) and marks it failed; what is still
   * running after {@code SHUTDOWN_WAIT} is marked failed here, and a node that dies without getting
   * here is found by {@link ImportLeases}.
   */
  @PreDestroy
  void stop() {
    stopping = true;
    worker.shutdownNow();
    boolean interrupted = false;
    try {
      if (!worker.awaitTermination(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        log.warn("An import did not stop within {}", SHUTDOWN_WAIT);
      }
    } catch (InterruptedException e) {
      interrupted = true; // stop waiting, but still record the imports as failed
    }
    leases.failOwn(SHUTDOWN_REASON);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
