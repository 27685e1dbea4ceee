package io.journeys.contact;

import io.journeys.contact.ImportReport.Rejection;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads and cleans the rows of an import (CSV or Excel) on a thread of its own, so that parsing
 * (CSV, libphonenumber, dates) overlaps with the database work of the importing thread. Chunks of
 * up to {@code size} clean rows travel through a queue of {@value #AHEAD} chunks, so memory stays
 * bounded; a chunk also ends after {@code size} rejected rows. A failure of the reader (a file that
 * is not valid CSV or .xlsx) is thrown again by {@link #next()} on the importing thread.
 */
final class ParsedChunks implements AutoCloseable {

  /** Chunks parsed ahead of the writer. */
  static final int AHEAD = 2;

  /**
   * Clean rows of the file, the number of records read, the rows rejected while reading, and the
   * rows' emails and phones by their {@link Identities#hash} (for the suppression list).
   */
  record Chunk(
      List<ImportRow> rows,
      long read,
      List<Rejection> rejections,
      Map<String, String> identitiesByHash) {}

  private record Failure(RuntimeException error) {}

  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
  private final Thread thread;
  private volatile boolean stopped;

  private ParsedChunks(SheetRows records, List<String> columns, int size) {
    thread = new Thread(() -> read(records, columns, size), "contact-import-parse");
    thread.setDaemon(true);
  }

  /** Starts reading the records after the header; {@code columns} are the header's fields. */
  static ParsedChunks start(SheetRows records, List<String> columns, int size) {
    ParsedChunks chunks = new ParsedChunks(records, columns, size);
    chunks.thread.start();
    return chunks;
  }

  private void read(SheetRows records, List<String> columns, int size) {
    try {
      List<ImportRow> rows = new ArrayList<>(size);
      List<Rejection> rejections = new ArrayList<>();
      Map<String, String> hashes = new HashMap<>();
      long read = 0;
      while (!stopped && records.hasNext()) {
        SheetRows.Row record = records.next();
        read++;
        long line = record.line();
        try {
          ImportRow row = ImportRow.read(line, columns, record.values());
          rows.add(row);
          for (String identity : new String[] {row.email(), row.phone()}) {
            if (identity != null) {
              hashes.put(Identities.hash(identity), identity);
            }
          }
        } catch (IllegalArgumentException e) {
          rejections.add(new Rejection(line, e.getMessage()));
        }
        if (rows.size() == size || rejections.size() == size) {
          queue.put(new Chunk(rows, read, rejections, hashes));
          rows = new ArrayList<>(size);
          rejections = new ArrayList<>();
          hashes = new HashMap<>();
          read = 0;
        }
      }
      queue.put(new Chunk(rows, read, rejections, hashes));
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed by the importing thread: nobody reads on
    } catch (RuntimeException e) { // UncheckedIOException for a malformed file
      try {
        queue.put(new Failure(e)); // thrown again on the importing thread, which rolls back
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt(); // the importing thread gave up already
      }
    }
  }

  /**
   * The next chunk, or {@code null} after the last one.
   *
   * @throws UncheckedIOException when the file could not be read or is not valid CSV or .xlsx
   * @throws IllegalStateException when the importing thread is interrupted (a shutdown)
   */
  Chunk next() {
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("import interrupted", e);
    }
    if (item instanceof Failure f) {
      queue.offer(item); // every later call fails the same way
      throw f.error();
    }
    if (item == END) {
      queue.offer(END);
      return null;
    }
    return (Chunk) item;
  }

  /** Stops the reading thread (also when the import failed half-way) and waits for it. */
  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
