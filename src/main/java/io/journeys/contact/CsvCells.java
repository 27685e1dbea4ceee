package io.journeys.contact;

/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with {@code =}, {@code
 * +}, {@code -}, {@code @}, a tab or a carriage return is run as a formula by Excel, LibreOffice
 * and Google Sheets. Exported cells that start so get a single quote in front, which spreadsheets
 * show as text; this applies to every text cell, phones in E.164 included ({@code
 * '+8613800138000}). The import takes such a quote off again, so that an export imports back
 * unchanged.
 */
public final class CsvCells {

  private CsvCells() {}

  /** The cell as exported: {@code null} is empty, a formula-like start is quoted. */
  public static String safe(String cell) {
    if (cell == null || cell.isEmpty()) {
      return "";
    }
    return triggers(cell.charAt(0)) ? "'" + cell : cell;
  }

  /** An imported cell with the quote {@link #safe} adds taken off again. */
  static String unquote(String cell) {
    if (cell != null && cell.length() > 1 && cell.charAt(0) == '\'' && triggers(cell.charAt(1))) {
      return cell.substring(1);
    }
    return cell;
  }

  private static boolean triggers(char c) {
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
  }
}
