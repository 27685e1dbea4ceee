package io.journeys.contact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Progress and outcome of one CSV import, as {@code GET /api/imports/{importId}} answers it. */
record ImportReport(
    String importId,
    String status,
    String fileName,
    long read,
    long inserted,
    long updated,
    long merged,
    long rejected,
    double errorRate,
    List<Rejection> rejectedRows,
    String error,
    Instant createdAt,
    Instant finishedAt) {

  static final String RUNNING = "running";
  static final String COMPLETED = "completed";
  static final String FAILED = "failed";

  /** A refused row: its line in the file (the header is line 1) and why. */
  record Rejection(long line, String reason) {}

  /** Running counts of an import. */
  static final class Counts {
    static final int MAX_LISTED = 1000;
    long read;
    long inserted;
    long updated;
    long merged;
    long rejected;
    final List<Rejection> rejections = new ArrayList<>();

    void reject(long line, String reason) {
      rejected++;
      if (rejections.size() < MAX_LISTED) {
        rejections.add(new Rejection(line, reason));
      }
    }
  }
}
