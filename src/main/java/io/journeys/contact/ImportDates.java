package io.journeys.contact;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as people write them in spreadsheets, to ISO: 2024/7/1, 2024.07.01, 2024-07-01, 20240701.
 */
final class ImportDates {

  private static final Pattern SEPARATED =
      Pattern.compile("^(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?$");
  private static final Pattern COMPACT = Pattern.compile("^(\\d{4})(\\d{2})(\\d{2})$");

  private ImportDates() {}

  /** ISO date ({@code 2024-07-01}); {@link IllegalArgumentException} when not a date. */
  static String iso(String raw) {
    String s = raw.trim();
    Matcher m = SEPARATED.matcher(s);
    if (!m.matches()) {
      m = COMPACT.matcher(s);
    }
    if (!m.matches()) {
      throw new IllegalArgumentException("not a date (2024-07-01, 2024/7/1, 2024.07.01, 20240701)");
    }
    try {
      return LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)))
          .toString();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("not a calendar date", e);
    }
  }
}
