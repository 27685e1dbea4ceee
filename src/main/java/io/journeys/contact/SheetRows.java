package io.journeys.contact;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows of an uploaded contact file, the header first, read one at a time: a CSV file through
 * commons-csv, an Excel workbook ({@code .xlsx}) through {@link XlsxRows}. Each row keeps the line
 * (CSV) or row number (Excel) that a rejection reports.
 */
interface SheetRows extends Iterator<SheetRows.Row>, AutoCloseable {

  /** One row: where it is in the file, and its cells as text. */
  record Row(long line, List<String> values) {}

  /**
   * @throws UncheckedIOException when the file cannot be read or is malformed
   */
  @Override
  void close() throws IOException;

  /** The file format of an upload, told by its first bytes (an .xlsx file is a zip archive). */
  enum Format {
    CSV,
    XLSX;

    static Format of(Path file) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        byte[] head = in.readNBytes(8);
        if (XlsxRows.isZip(head)) {
          return XLSX;
        }
        if (XlsxRows.isLegacyExcel(head)) {
          throw new IllegalArgumentException(
              "the old Excel format (.xls) is not read: save the sheet as .xlsx or CSV");
        }
        return CSV;
      }
    }
  }

  /** The rows of a CSV text. */
  static SheetRows csv(Reader reader) throws IOException {
    CSVParser parser = ContactImporter.FORMAT.parse(reader);
    Iterator<CSVRecord> records = parser.iterator();
    return new SheetRows() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public Row next() {
        CSVRecord record = records.next();
        return new Row(parser.getCurrentLineNumber(), record.toList());
      }

      @Override
      public void close() throws IOException {
        parser.close();
      }
    };
  }

  /** The rows of the first sheet of an Excel workbook. */
  static SheetRows xlsx(InputStream in) throws IOException {
    return XlsxRows.open(in);
  }
}
