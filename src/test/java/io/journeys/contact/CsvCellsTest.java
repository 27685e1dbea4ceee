package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvCellsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "=HYPERLINK(\"http://x\",\"y\")",
        "+8613800138000",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "=cmd|' /C calc'!A0"
      })
  void formulaLikeCellsAreQuotedAndImportBack(String cell) {
    assertThat(CsvCells.safe(cell)).isEqualTo("'" + cell);
    assertThat(CsvCells.unquote(CsvCells.safe(cell))).isEqualTo(cell);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Li Lei",
        "li.lei@example.com",
        "a=b",
        "'quoted",
        "'",
        "2024-07-01",
        "{\"a\":\"=1\"}"
      })
  void otherCellsAreUnchanged(String cell) {
    assertThat(CsvCells.safe(cell)).isEqualTo(cell);
    assertThat(CsvCells.unquote(cell)).isEqualTo(cell);
  }

  @Test
  void nullIsEmpty() {
    assertThat(CsvCells.safe(null)).isEmpty();
  }
}
