package io.journeys.contact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;

/**
 * The first sheet of an {@code .xlsx} workbook, streamed row by row with fastexcel-reader (the
 * sheet is never held in memory whole). Cells become the text a person sees in the sheet where that
 * is what the import needs: a date cell becomes an ISO date ({@code 2024-07-01}), a whole number
 * such as a phone number keeps all its digits ({@code 13800138000}, not {@code 1.38E10}), a formula
 * gives its cached value. Blank rows are skipped, as in CSV.
 */
final class XlsxRows implements SheetRows {

  /** Excel's built-in date and time formats (ECMA-376 §18.8.30). */
  private static final Set<Integer> BUILT_IN_DATES =
      Set.of(14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47);

  /** A custom number format that shows a date: y, m, d, h or s outside quotes and brackets. */
  private static final Pattern DATE_TOKENS = Pattern.compile("[ymdhs]");

  private static final Pattern NOT_TOKENS = Pattern.compile("\"[^\"]*\"|\\[[^]]*]|\\\\.|_.|\\*.");

  private final ReadableWorkbook workbook;
  private final Stream<org.dhatim.fastexcel.reader.Row> stream;
  private final Iterator<org.dhatim.fastexcel.reader.Row> rows;
  private org.dhatim.fastexcel.reader.Row ahead;
  private int width = -1;

  private XlsxRows(ReadableWorkbook workbook, Stream<org.dhatim.fastexcel.reader.Row> stream) {
    this.workbook = workbook;
    this.stream = stream;
    this.rows = stream.iterator();
  }

  static XlsxRows open(InputStream in) throws IOException {
    ReadableWorkbook workbook;
    try {
      workbook = new ReadableWorkbook(in, new ReadingOptions(true, false));
    } catch (ExcelReaderException e) {
      in.close();
      throw new IOException("not a readable .xlsx workbook: " + e.getMessage(), e);
    }
    try {
      return new XlsxRows(workbook, workbook.getFirstSheet().openStream());
    } catch (IOException | RuntimeException e) {
      workbook.close();
      throw e instanceof IOException io ? io : new IOException("not a readable .xlsx workbook", e);
    }
  }

  static boolean isZip(byte[] head) {
    return ReadableWorkbook.isOOXMLZipHeader(head);
  }

  static boolean isLegacyExcel(byte[] head) {
    return ReadableWorkbook.isOLE2Header(head);
  }

  @Override
  public boolean hasNext() {
    try {
      while (ahead == null && rows.hasNext()) {
        org.dhatim.fastexcel.reader.Row row = rows.next();
        if (row.stream().anyMatch(c -> c != null && !text(c).isBlank())) {
          ahead = row;
        }
      }
      return ahead != null;
    } catch (ExcelReaderException e) {
      throw new UncheckedIOException(new IOException("the sheet is malformed: " + e.getMessage()));
    }
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new java.util.NoSuchElementException();
    }
    org.dhatim.fastexcel.reader.Row row = ahead;
    ahead = null;
    List<String> values = new ArrayList<>(row.getCellCount());
    for (int i = 0; i < row.getCellCount(); i++) {
      Cell cell = row.getCell(i);
      values.add(cell == null ? "" : text(cell).trim());
    }
    if (width < 0) {
      width = values.size(); // the header row
    }
    // a sheet stores no trailing empty cells: a row is as wide as the header, unless it has more
    while (values.size() > width && values.get(values.size() - 1).isEmpty()) {
      values.remove(values.size() - 1);
    }
    while (values.size() < width) {
      values.add("");
    }
    return new Row(row.getRowNum(), values);
  }

  @Override
  public void close() throws IOException {
    try {
      stream.close();
    } finally {
      workbook.close();
    }
  }

  /** What the cell shows, for the import. */
  static String text(Cell cell) {
    switch (cell.getType()) {
      case NUMBER:
        if (isDate(cell)) {
          LocalDateTime date = cell.asDate();
          return date.toLocalDate().toString();
        }
        BigDecimal n = cell.asNumber();
        return n.stripTrailingZeros().toPlainString();
      case BOOLEAN:
        return String.valueOf(cell.asBoolean());
      case FORMULA:
      case STRING:
      case EMPTY:
      case ERROR:
      default:
        String raw = cell.getText();
        return raw == null ? "" : raw;
    }
  }

  private static boolean isDate(Cell cell) {
    Integer id = cell.getDataFormatId();
    if (id != null && BUILT_IN_DATES.contains(id)) {
      return true;
    }
    String format = cell.getDataFormatString();
    if (format == null || format.isBlank() || format.equalsIgnoreCase("General")) {
      return false;
    }
    String bare = NOT_TOKENS.matcher(format.toLowerCase(Locale.ROOT)).replaceAll("");
    return DATE_TOKENS.matcher(bare).find();
  }
}
