package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeys.contact.ImportReport.Rejection;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The reading thread of an import: chunks in file order, failures and stops handed over. */
class ParsedChunksTest {

  private static String csv(int rows) {
    StringBuilder csv = new StringBuilder("email,phone\n");
    for (int i = 0; i < rows; i++) {
      csv.append(i % 10 == 3 ? "not-an-email" : "p" + i + "@example.com").append(",\n");
    }
    return csv.toString();
  }

  private static ParsedChunks start(SheetRows records, int size) {
    List<String> columns = ContactImporter.columns(records, Map.of());
    return ParsedChunks.start(records, columns, size);
  }

  private static boolean readerAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("contact-import-parse") && t.isAlive());
  }

  @Test
  void handsOverEveryRowInOrderWithItsLineAndTheRejections() throws Exception {
    List<ImportRow> rows = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    long read = 0;
    try (SheetRows parser = SheetRows.csv(new StringReader(csv(95)));
        ParsedChunks chunks = start(parser, 20)) {
      for (ParsedChunks.Chunk c = chunks.next(); c != null; c = chunks.next()) {
        assertThat(c.rows()).hasSizeLessThanOrEqualTo(20);
        assertThat(c.identitiesByHash()).hasSize(c.rows().size());
        rows.addAll(c.rows());
        rejections.addAll(c.rejections());
        read += c.read();
      }
      assertThat(chunks.next()).as("stays at the end").isNull();
    }
    assertThat(read).isEqualTo(95);
    assertThat(rows).hasSize(85);
    assertThat(rows.get(0).line()).isEqualTo(2);
    assertThat(rows).extracting(ImportRow::line).isSorted();
    assertThat(rejections)
        .hasSize(10)
        .first()
        .isEqualTo(new Rejection(5, "email: not a valid email address"));
  }

  @Test
  void aMalformedFileFailsOnTheImportingThread() throws Exception {
    try (SheetRows parser = SheetRows.csv(new StringReader(csv(50) + "\"open,\n"));
        ParsedChunks chunks = start(parser, 20)) {
      assertThat(chunks.next()).isNotNull();
      assertThat(chunks.next()).isNotNull();
      assertThatThrownBy(chunks::next).isInstanceOf(UncheckedIOException.class);
      assertThatThrownBy(chunks::next)
          .as("every later call")
          .isInstanceOf(UncheckedIOException.class);
    }
  }

  @Test
  void closingEarlyStopsTheReaderAndAnInterruptedImportStops() throws Exception {
    try (SheetRows parser = SheetRows.csv(new StringReader(csv(100_000)))) {
      ParsedChunks chunks = start(parser, 100);
      assertThat(chunks.next()).isNotNull();
      chunks.close(); // the import failed after its first chunk: the reader is blocked on a full
      // queue
      assertThat(readerAlive()).isFalse();
    }
    try (SheetRows parser = SheetRows.csv(new StringReader(csv(100_000)))) {
      ParsedChunks chunks = start(parser, 100);
      CountDownLatch waiting = new CountDownLatch(1);
      CompletableFuture<Throwable> importing = new CompletableFuture<>();
      Thread importer =
          new Thread(
              () -> {
                Thread.currentThread()
                    .interrupt(); // as ImportService.stop() does with shutdownNow()
                waiting.countDown();
                try {
                  while (chunks.next() != null) {
                    // a node going down: the import gives up at its next chunk
                  }
                  importing.complete(null);
                } catch (IllegalStateException e) {
                  importing.complete(e);
                } finally {
                  chunks.close();
                }
              });
      importer.start();
      assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(importing.get(10, TimeUnit.SECONDS)).hasMessage("import interrupted");
      importer.join(10_000);
      chunks.close();
      assertThat(readerAlive()).isFalse();
    }
  }
}
