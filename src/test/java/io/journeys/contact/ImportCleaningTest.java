package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportCleaningTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"2024/7/1", "2024.07.01", "2024-07-01", "20240701", " 2024年7月1日 ", "2024/07/1"})
  void datesBecomeIso(String raw) {
    assertThat(ImportDates.iso(raw)).isEqualTo("2024-07-01");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024/13/1", "2024-02-30", "1/7/2024", "July 1st", "2024070"})
  void whatIsNotADateIsRefused(String raw) {
    assertThatThrownBy(() -> ImportDates.iso(raw)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chineseAndEnglishHeadersMapToFieldsAndTheRestToAttributes() {
    assertThat(ImportColumns.fields(List.of("\uFEFF手机号", "邮箱", "姓", "名", "时区", "会员等级"), Map.of()))
        .containsExactly("phone", "email", "lastName", "firstName", "timezone", "attribute:会员等级");
    assertThat(
            ImportColumns.fields(
                List.of("E-Mail", "Mobile", "First Name", "Signup Date", "", "Mobile"), Map.of()))
        .containsExactly(
            "email", "phone", "firstName", "attribute:Signup Date", "ignored", "phone");
    assertThat(
            ImportColumns.fields(
                List.of("联系方式", "id"), Map.of("联系方式", "phone", "id", "attribute:legacyId")))
        .containsExactly("phone", "attribute:legacyId");
  }

  @Test
  void dateColumns() {
    assertThat(ImportColumns.isDateColumn("birthday")).isTrue();
    assertThat(ImportColumns.isDateColumn("注册日期")).isTrue();
    assertThat(ImportColumns.isDateColumn("signup_date")).isTrue();
    assertThat(ImportColumns.isDateColumn("registeredAt")).isTrue();
    assertThat(ImportColumns.isDateColumn("city")).isFalse();
    assertThat(ImportColumns.isDateColumn("chat")).isFalse();
  }

  @Test
  void rowsAreTrimmedNormalisedOrRejectedWithAReason() {
    List<String> columns =
        List.of("email", "phone", "firstName", "timezone", "attribute:birthday", "attribute:city");
    ImportRow row =
        ImportRow.read(
            2,
            columns,
            List.of(" Li@Example.COM ", "138 0013 8000", " Lei ", "", "2024/7/1", "杭州"));
    assertThat(row.email()).isEqualTo("li@example.com");
    assertThat(row.phone()).isEqualTo("+8613800138000");
    assertThat(row.firstName()).isEqualTo("Lei");
    assertThat(row.timezone()).isNull();
    assertThat(row.attributes())
        .containsEntry("birthday", "2024-07-01")
        .containsEntry("city", "杭州");

    assertThatThrownBy(() -> ImportRow.read(3, columns, List.of("", "12", "", "", "", "")))
        .hasMessage("phone: not a valid phone number");
    assertThatThrownBy(() -> ImportRow.read(4, columns, List.of("", "", "Ann", "", "", "")))
        .hasMessage("no contact id, email or phone");
    assertThatThrownBy(
            () -> ImportRow.read(5, columns, List.of("a@b.cn", "", "", "", "1st of July", "")))
        .hasMessageStartingWith("birthday: not a date");
    assertThatThrownBy(
            () -> ImportRow.read(6, columns, List.of("a@b.cn", "", "", "Mars/Base", "", "")))
        .hasMessage("timezone: not an IANA time zone");
    assertThatThrownBy(() -> ImportRow.read(7, columns, List.of("a@b.cn")))
        .hasMessage("has 1 columns, the header has 6");
  }

  @Test
  void flatAttributesAreWrittenAsJsonThatJacksonReadsBack() throws Exception {
    Map<String, Object> attrs = new java.util.LinkedHashMap<>();
    attrs.put("城市", "上海");
    attrs.put("quote\"back\\slash", "line\nbreak\ttab\u0001");
    String text = FlatJson.write(attrs);
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(text, ContactRepository.MAP_TYPE))
        .containsExactlyEntriesOf(attrs);
  }
}
