package io.journeys.contact;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.IntegrationTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** A CSV import of many rows on PostgreSQL through the HTTP API. */
class ContactImportIntegrationTest extends IntegrationTestSupport {

  private static final int ROWS = 12_000;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void importsManyRowsWithDuplicatesAndRejectsWithoutStopping() {
    StringBuilder csv = new StringBuilder("客户编号,邮箱,手机号,姓名,注册日期,城市\n");
    String prefix = "13" + String.format("%02d", (int) (Math.random() * 100)); // 11-digit mobiles
    for (int i = 0; i < ROWS; i++) {
      String phone = prefix + String.format("%07d", i);
      csv.append("imp-")
          .append(run)
          .append('-')
          .append(i)
          .append(',')
          .append("p")
          .append(i)
          .append('.')
          .append(run)
          .append("@Example.com,")
          .append(phone)
          .append(",用户")
          .append(i)
          .append(",2024/7/")
          .append(1 + i % 28)
          .append(',')
          .append(i % 2 == 0 ? "上海" : "杭州")
          .append('\n');
    }
    for (int i = 0; i < 100; i++) {
      // the same people again by phone only, with a newer city: merged into the rows above
      csv.append(",,").append(prefix).append(String.format("%07d", i)).append(",,,北京\n");
    }
    csv.append(",,not-a-phone,,,\n");

    String importId = upload(csv.toString().getBytes(StandardCharsets.UTF_8));

    awaitImport(importId, Duration.ofMillis(500));
    Map<String, Object> report = rest.getForObject("/api/imports/" + importId, Map.class);
    assertThat(report)
        .containsEntry("status", "completed")
        .containsEntry("read", ROWS + 101)
        .containsEntry("inserted", ROWS)
        .containsEntry("updated", 0)
        .containsEntry("merged", 100)
        .containsEntry("rejected", 1);
    assertThat((List<Map<String, Object>>) report.get("rejectedRows"))
        .containsExactly(Map.of("line", ROWS + 102, "reason", "phone: not a phone number"));

    assertThat(
            jdbc.queryForObject(
                "select count(*) from contact where id like ?", Integer.class, "imp-" + run + "-%"))
        .isEqualTo(ROWS);
    Map<String, Object> first =
        jdbc.queryForMap("select * from contact where id = ?", "imp-" + run + "-0");
    assertThat(first.get("email")).isEqualTo("p0." + run + "@example.com");
    assertThat(first.get("phone")).isEqualTo("+86" + prefix + "0000000");
    assertThat((String) first.get("attributes"))
        .contains("\"城市\":\"北京\"")
        .contains("\"注册日期\":\"2024-07-01\"");
  }

  @Test
  void anExportImportsBackWithItsAttributes() {
    String id = "rt-" + run;
    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    String body =
        """
        {"email": "rt-%s@example.com", "attributes": {"城市": "-杭州", "vip": true, "orders": 3,
         "address": {"city": "Hangzhou"}}}"""
            .formatted(run);
    assertThat(
            rest.exchange(
                    "/api/contacts/" + id, HttpMethod.PUT, new HttpEntity<>(body, json), Map.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    jdbc.update(
        "insert into contact_tag (contact_id, tag, created_at) values (?, ?, now())",
        id,
        "rt-" + run);
    Map<String, Object> before =
        (Map<String, Object>) rest.getForObject("/api/contacts/" + id, Map.class).get("attributes");
    byte[] export = rest.getForObject("/api/contacts/export?tag=rt-" + run, byte[].class);
    rest.exchange(
        "/api/contacts/" + id,
        HttpMethod.PUT,
        new HttpEntity<>("{\"attributes\": {}}", json),
        Map.class);

    String importId = upload(export);
    awaitImport(importId, Duration.ofMillis(200));
    assertThat(rest.getForObject("/api/imports/" + importId, Map.class))
        .containsEntry("status", "completed")
        .containsEntry("updated", 1)
        .containsEntry("rejected", 0);
    assertThat(rest.getForObject("/api/contacts/" + id, Map.class).get("attributes"))
        .isEqualTo(before);
    assertThat(before).containsEntry("vip", true).containsEntry("orders", 3);
  }

  @Test
  void importsAnExcelSheetWithItsRowNumbersInTheReport() throws Exception {
    long phone = 13900000000L + (long) (Math.random() * 99_999_999);
    // <run>-1 good, row 3 blank, <run>-2 a bad phone in row 4
    String importId = upload(XlsxRowsTest.sheet("xl-" + run, phone), "客户.xlsx");
    awaitImport(importId, Duration.ofMillis(200));
    Map<String, Object> report = rest.getForObject("/api/imports/" + importId, Map.class);
    assertThat(report)
        .containsEntry("status", "completed")
        .containsEntry("read", 2)
        .containsEntry("rejected", 1)
        .containsEntry("fileName", "客户.xlsx");
    assertThat((List<Map<String, Object>>) report.get("rejectedRows"))
        .containsExactly(Map.of("line", 4, "reason", "phone: not a phone number"));
    Map<String, Object> x1 =
        jdbc.queryForMap("select * from contact where id = ?", "xl-" + run + "-1");
    assertThat(x1.get("phone")).isEqualTo("+86" + phone);
    assertThat((String) x1.get("attributes"))
        .contains("\"注册日期\":\"2024-07-01\"")
        .contains("\"城市\":\"上海\"");
  }

  @Test
  void theOldExcelFormatIsRefusedWithAReason() {
    byte[] ole2 = {
      (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };
    ResponseEntity<Map> refused = post(ole2, "contacts.xls");
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().toString()).contains("save the sheet as .xlsx or CSV");
  }

  /** Waits until the import is no longer running. */
  private void awaitImport(String importId, Duration poll) {
    waitFor("import " + importId + " finished")
        .pollInterval(poll)
        .until(
            () ->
                !"running"
                    .equals(
                        rest.getForObject("/api/imports/" + importId, Map.class).get("status")));
  }

  private String upload(byte[] file) {
    return upload(file, "contacts.csv");
  }

  private String upload(byte[] file, String name) {
    ResponseEntity<Map> started = post(file, name);
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    return (String) started.getBody().get("importId");
  }

  private ResponseEntity<Map> post(byte[] file, String name) {
    MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    body.add(
        "file",
        new ByteArrayResource(file) {
          @Override
          public String getFilename() {
            return name;
          }
        });
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    headers.set(
        "X-Requested-With", "journeys-test"); // Basic + a form content type (hardening, finding 3)
    return rest.postForEntity("/api/imports", new HttpEntity<>(body, headers), Map.class);
  }
}
