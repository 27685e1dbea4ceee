package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Excel sheet read as the rows a person sees, streamed, with each row's number. */
public class XlsxRowsTest {

  @TempDir Path dir;

  /** A sheet as a marketer saves it: numbers for phones, real date cells, a blank row. */
  static byte[] sheet() throws IOException {
    return sheet("x", 13800138000L);
  }

  /** The same sheet with contact ids {@code <prefix>-1}, {@code <prefix>-2} and its own phone. */
  public static byte[] sheet(String prefix, long phone) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Workbook wb = new Workbook(out, "Journeys test", "1.0")) {
      Worksheet ws = wb.newWorksheet("客户");
      String[] header = {"客户编号", "邮箱", "手机号", "注册日期", "城市", "订单数", "客单价"};
      for (int c = 0; c < header.length; c++) {
        ws.value(0, c, header[c]);
      }
      ws.value(1, 0, prefix + "-1");
      ws.value(1, 1, "Li.Lei@Example.com");
      ws.value(1, 2, phone);
      ws.value(1, 3, LocalDate.of(2024, 7, 1));
      ws.style(1, 3).format("yyyy/m/d").set();
      ws.value(1, 4, "上海");
      ws.value(1, 5, 3);
      ws.value(1, 6, 2.50);
      // row 3 (index 2) left blank
      ws.value(3, 0, prefix + "-2");
      ws.value(3, 2, "not-a-phone");
      ws.value(3, 3, LocalDate.of(2024, 12, 31));
      ws.style(3, 3).format("yyyy-mm-dd").set();
      ws.value(3, 5, 0);
    }
    return out.toByteArray();
  }

  @Test
  void readsTheFirstSheetAsTextWithRowNumbersAndSkipsBlankRows() throws Exception {
    List<SheetRows.Row> rows = new ArrayList<>();
    try (SheetRows sheet = SheetRows.xlsx(new ByteArrayInputStream(sheet()))) {
      sheet.forEachRemaining(rows::add);
    }
    assertThat(rows).extracting(SheetRows.Row::line).containsExactly(1L, 2L, 4L);
    assertThat(rows.get(0).values())
        .containsExactly("客户编号", "邮箱", "手机号", "注册日期", "城市", "订单数", "客单价");
    assertThat(rows.get(1).values())
        .containsExactly(
            "x-1", "Li.Lei@Example.com", "13800138000", "2024-07-01", "上海", "3", "2.5");
    assertThat(rows.get(2).values())
        .as("as wide as the header: the sheet stores no trailing empty cell")
        .containsExactly("x-2", "", "not-a-phone", "2024-12-31", "", "0", "");
  }

  @Test
  void tellsTheFormatByContentAndRefusesTheOldExcelFormat() throws Exception {
    Path xlsx = Files.write(dir.resolve("contacts.csv"), sheet()); // a misleading name
    assertThat(SheetRows.Format.of(xlsx)).isEqualTo(SheetRows.Format.XLSX);
    Path csv = Files.writeString(dir.resolve("contacts.xlsx"), "email\na@example.com\n");
    assertThat(SheetRows.Format.of(csv)).isEqualTo(SheetRows.Format.CSV);
    byte[] ole2 = {
      (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };
    Path xls = Files.write(dir.resolve("contacts.xls"), ole2);
    assertThatThrownBy(() -> SheetRows.Format.of(xls))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".xls");
  }

  @Test
  void aBrokenWorkbookIsAnIoError() {
    byte[] zipHeaderOnly = {0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0};
    assertThatThrownBy(() -> SheetRows.xlsx(new ByteArrayInputStream(zipHeaderOnly)).close())
        .isInstanceOf(IOException.class);
  }

  @Test
  void theImporterReadsTheSheetLikeACsvFile() throws Exception {
    try (SheetRows sheet = SheetRows.xlsx(new ByteArrayInputStream(sheet()))) {
      List<String> columns = ContactImporter.columns(sheet, Map.of());
      assertThat(columns)
          .startsWith(ImportColumns.CONTACT_ID, ImportColumns.EMAIL, ImportColumns.PHONE);
      SheetRows.Row first = sheet.next();
      ImportRow row = ImportRow.read(first.line(), columns, first.values());
      assertThat(row.email()).isEqualTo("li.lei@example.com");
      assertThat(row.phone()).isEqualTo("+8613800138000");
      SheetRows.Row second = sheet.next();
      assertThatThrownBy(() -> ImportRow.read(second.line(), columns, second.values()))
          .hasMessageContaining("phone");
      assertThat(sheet.hasNext()).isFalse();
    }
  }
}
