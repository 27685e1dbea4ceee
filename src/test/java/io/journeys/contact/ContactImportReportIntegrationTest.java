package io.journeys.contact;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.IntegrationTestSupport;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The data-quality report of a generated 100,000-row file with Chinese headers and 5 % dirty rows
 * (bad phones, bad emails, bad dates, duplicates by phone and by email), imported on PostgreSQL
 * through the HTTP API, then exported again.
 */
class ContactImportReportIntegrationTest extends IntegrationTestSupport {

  private static final int ROWS = 100_000;

  /** Rows {@code i % 200 == 1} name a contact that exists before the import (by email). */
  private static final int EXISTING = ROWS / 200;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** 11-digit mainland mobiles 18x-yyy-iiiii, unique to this run. */
  private final String mobilePrefix =
      "18"
          + (6 + ThreadLocalRandom.current().nextInt(4))
          + String.format("%03d", ThreadLocalRandom.current().nextInt(1000));

  @TempDir Path dir;

  private String mobile(int i) {
    return mobilePrefix + String.format("%05d", i);
  }

  private String email(int i) {
    return "u" + i + "." + run + "@example.com";
  }

  /** Dirty rows are every 20th: bad phone, bad email, bad date, duplicate by phone, by email. */
  private static int dirtyKind(int i) {
    return i % 20 == 0 ? (i / 20) % 5 : -1;
  }

  private static long line(int i) {
    return i + 2L; // the header is line 1
  }

  private Path generate() throws Exception {
    Path file = dir.resolve("contacts-100k.csv");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("\uFEFF客户编号,邮箱,手机号,姓名,注册日期,城市\n");
      for (int i = 0; i < ROWS; i++) {
        String id = "big-" + run + "-" + i;
        String phone =
            switch (i % 3) {
              case 0 -> mobile(i);
              case 1 ->
                  "+86 "
                      + mobile(i).substring(0, 3)
                      + " "
                      + mobile(i).substring(3, 7)
                      + " "
                      + mobile(i).substring(7);
              default ->
                  mobile(i).substring(0, 3)
                      + "-"
                      + mobile(i).substring(3, 7)
                      + "-"
                      + mobile(i).substring(7);
            };
        int day = 1 + i % 28;
        String date =
            switch (i % 4) {
              case 0 -> "2024/7/" + day;
              case 1 -> String.format("2024.07.%02d", day);
              case 2 -> String.format("2024-07-%02d", day);
              default -> String.format("202407%02d", day);
            };
        String row =
            switch (dirtyKind(i)) {
              case 0 -> id + "," + email(i) + ",12345,用户" + i + "," + date + ",上海";
              case 1 -> id + ",u" + i + "_at_example.com," + phone + ",用户" + i + "," + date + ",上海";
              case 2 -> id + "," + email(i) + "," + phone + ",用户" + i + ",2024/13/45,上海";
              case 3 -> ",," + mobile(i - 1) + ",,,北京"; // the row above, by phone
              case 4 -> "," + email(i - 1).toUpperCase() + ",,,,深圳"; // the row above, by email
              default ->
                  id
                      + ", "
                      + email(i)
                      + " ,"
                      + phone
                      + ",用户"
                      + i
                      + ","
                      + date
                      + ","
                      + (i % 2 == 0 ? "上海" : "杭州");
            };
        w.write(row);
        w.write('\n');
      }
    }
    return file;
  }

  private void createExistingContacts() {
    List<Object[]> rows = new ArrayList<>();
    Timestamp before = Timestamp.from(Instant.now().minus(Duration.ofDays(30)));
    for (int i = 1; i < ROWS; i += 200) {
      rows.add(new Object[] {"pre-" + run + "-" + i, email(i), "Old", before, before});
    }
    jdbc.batchUpdate(
        "insert into contact (id, email, first_name, lifecycle_stage, score, created_at, updated_at)"
            + " values (?, ?, ?, 'subscriber', 0, ?, ?)",
        rows);
  }

  private List<Map<String, Object>> expectedListedRejections() {
    List<Map<String, Object>> expected = new ArrayList<>();
    for (int i = 0; i < ROWS && expected.size() < ImportReport.Counts.MAX_LISTED; i++) {
      String reason =
          switch (dirtyKind(i)) {
            case 0 -> "phone: not a valid phone number";
            case 1 -> "email: not a valid email address";
            case 2 -> "注册日期: not a calendar date";
            default -> null;
          };
      if (reason != null) {
        expected.add(Map.of("line", (int) line(i), "reason", reason));
      }
    }
    return expected;
  }

  /**
   * The database is shared by the integration tests: this test's 100,000 contacts would make every
   * later whole-base pass (a re-scoring after a rule change, a segment rebuild) walk them too.
   */
  @AfterEach
  void removeThisRunsContacts() {
    jdbc.update(
        "delete from contact where id like ? or id like ?",
        "big-" + run + "-%",
        "pre-" + run + "-%");
  }

  @Test
  void reportsEveryFigureOfADirtyHundredThousandRowFile() throws Exception {
    createExistingContacts();
    Path file = generate();

    MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
    body.add("file", new FileSystemResource(file));
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    headers.set(
        "X-Requested-With", "journeys-test"); // Basic + a form content type (hardening, finding 3)
    ResponseEntity<Map> started =
        rest.postForEntity("/api/imports", new HttpEntity<>(body, headers), Map.class);
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String importId = (String) started.getBody().get("importId");

    waitFor("import " + importId + " finished")
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                !"running"
                    .equals(
                        rest.getForObject("/api/imports/" + importId, Map.class).get("status")));
    Map<String, Object> report = rest.getForObject("/api/imports/" + importId, Map.class);

    int rejected = ROWS / 20 * 3 / 5; // bad phone, email, date: 3,000
    int merged = ROWS / 20 * 2 / 5; // duplicates by phone and by email: 2,000
    assertThat(report)
        .containsEntry("status", "completed")
        .containsEntry("fileName", "contacts-100k.csv")
        .containsEntry("read", ROWS)
        .containsEntry("inserted", ROWS - rejected - merged - EXISTING)
        .containsEntry("updated", EXISTING)
        .containsEntry("merged", merged)
        .containsEntry("rejected", rejected)
        .containsEntry("errorRate", 0.03);
    assertThat((List<Map<String, Object>>) report.get("rejectedRows"))
        .as(
            "the first %d rejections, each with its line and reason",
            ImportReport.Counts.MAX_LISTED)
        .isEqualTo(expectedListedRejections());

    assertThat(
            jdbc.queryForObject(
                "select count(*) from contact where id like ?", Integer.class, "big-" + run + "-%"))
        .isEqualTo(ROWS - rejected - merged - EXISTING);
    Map<String, Object> c1 =
        jdbc.queryForMap("select * from contact where id = ?", "big-" + run + "-59");
    assertThat(c1.get("email")).isEqualTo(email(59));
    assertThat(c1.get("phone")).as("'186-xxxx-xxxx' in E.164").isEqualTo("+86" + mobile(59));
    assertThat((String) c1.get("attributes"))
        .contains("\"注册日期\":\"2024-07-04\"")
        .contains("\"城市\":\"北京\"");
    Map<String, Object> c2 =
        jdbc.queryForMap("select * from contact where id = ?", "big-" + run + "-79");
    assertThat((String) c2.get("attributes"))
        .as("the duplicate by email, later in the file, fills in")
        .contains("\"城市\":\"深圳\"")
        .contains("\"注册日期\":\"2024-07-24\"");
    Map<String, Object> pre =
        jdbc.queryForMap("select * from contact where id = ?", "pre-" + run + "-201");
    assertThat(pre.get("first_name")).isEqualTo("用户201");
    assertThat(pre.get("phone")).isEqualTo("+86" + mobile(201));
    assertThat(
            jdbc.queryForObject(
                "select count(*) from contact where email = ?", Integer.class, email(0)))
        .as("a rejected row writes nothing")
        .isZero();

    long[] exported = {0};
    rest.execute(
        "/api/contacts/export",
        HttpMethod.GET,
        null,
        response -> {
          assertThat(response.getHeaders().getContentType().toString())
              .isEqualTo("text/csv;charset=UTF-8");
          try (Reader reader = new InputStreamReader(response.getBody(), StandardCharsets.UTF_8)) {
            assertThat(reader.read()).as("byte-order mark").isEqualTo(0xFEFF);
            for (CSVRecord r :
                CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(reader)) {
              if (r.get("id").startsWith("big-" + run + "-")) {
                exported[0]++;
                assertThat(r.get("phone")).startsWith("'+86" + mobilePrefix);
              }
            }
          }
          return null;
        });
    assertThat(exported[0]).isEqualTo(ROWS - rejected - merged - EXISTING);
  }
}
