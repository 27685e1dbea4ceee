package io.journeys.console;

import io.journeys.contact.CsvCells;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A table of a console page: column labels (message keys, or literal text after {@code =}) and rows
 * of cells. The page shows it (fragment {@code console/layout :: table}), and {@code ?csv=<id>} on
 * the page's URL downloads the same rows as CSV: UTF-8 with a byte order mark (Excel), RFC 4180
 * quoting, and every text cell made safe against spreadsheet formula injection by {@link
 * CsvCells#safe} (the contact export's rule). A cell without a value is "no data yet" on the page
 * and empty in the file.
 */
public record ConsoleTable(String id, List<String> columns, List<List<Cell>> rows) {

  /** A cell: its text (null: no data yet), an optional link, and whether it is a number. */
  public record Cell(String text, String href, boolean number) {

    public static Cell of(Object value) {
      if (value == null) {
        return new Cell(null, null, false);
      }
      if (value instanceof Cell c) {
        return c;
      }
      if (value instanceof BigDecimal d) {
        return new Cell(d.toPlainString(), null, true);
      }
      if (value instanceof Number n) {
        return new Cell(n.toString(), null, true);
      }
      return new Cell(value.toString(), null, false);
    }

    /** A text cell that links to {@code href}. */
    public static Cell link(String text, String href) {
      return new Cell(text, href, false);
    }

    /** A ratio (0.123) as a percentage with one decimal ({@code 12.3%}); null stays no data. */
    public static Cell percent(Object ratio) {
      if (!(ratio instanceof Number n)) {
        return new Cell(null, null, false);
      }
      return new Cell(
          new BigDecimal(n.toString())
                  .movePointRight(2)
                  .setScale(1, java.math.RoundingMode.HALF_UP)
                  .toPlainString()
              + "%",
          null,
          true);
    }
  }

  public ConsoleTable {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** A table whose rows are plain values (see {@link Cell#of}). */
  public static ConsoleTable of(String id, List<String> columns, List<List<?>> values) {
    List<List<Cell>> rows = new ArrayList<>();
    for (List<?> row : values) {
      rows.add(row.stream().map(Cell::of).toList());
    }
    return new ConsoleTable(id, columns, rows);
  }

  /** A column's label: a message key, or literal text after {@code =}. */
  static String label(String column, MessageSource messages, Locale locale) {
    return column.startsWith("=")
        ? column.substring(1)
        : messages.getMessage(column, null, column, locale);
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table as a CSV download, labels in {@code locale}. */
  public ResponseEntity<byte[]> csv(MessageSource messages, Locale locale) {
    StringBuilder out = new StringBuilder("\uFEFF");
    List<String> labels = columns.stream().map(c -> label(c, messages, locale)).toList();
    line(out, labels.stream().map(l -> new Cell(l, null, false)).toList());
    rows.forEach(row -> line(out, row));
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(id + ".csv").build().toString())
        .body(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void line(StringBuilder out, List<Cell> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Cell cell = cells.get(i);
      String text = cell.number() ? nullToEmpty(cell.text()) : CsvCells.safe(cell.text());
      out.append(quoted(text));
    }
    out.append("\r\n");
  }

  private static String quoted(String text) {
    if (text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\n') < 0
        && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** The table of {@code tables} named {@code id}, for {@code ?csv=id}; 404 when none. */
  public static ResponseEntity<byte[]> download(
      List<ConsoleTable> tables, String id, MessageSource messages, Locale locale) {
    return tables.stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .map(t -> t.csv(messages, ConsoleConfiguration.of(locale)))
        .orElseGet(() -> ResponseEntity.notFound().build());
  }
}
