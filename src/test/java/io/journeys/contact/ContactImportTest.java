package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.contact.ImportReport.Counts;
import io.journeys.contact.ImportReport.Rejection;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

@H2SpringTest
class ContactImportTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcTemplate jdbc;
  @Autowired ContactImporter importer;
  @Autowired ObjectMapper json;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String phoneA =
      "1391" + String.format("%07d", Math.abs(run.hashCode()) % 10_000_000);

  private void putContact(String id, String body) throws Exception {
    mvc.perform(put("/api/contacts/" + id).contentType(MediaType.APPLICATION_JSON).content(body))
        .andExpect(status().isCreated());
  }

  private Map<String, Object> contact(String column, Object value) {
    return jdbc.queryForMap("select * from contact where " + column + " = ?", value);
  }

  @Test
  void cleansDedupesFillsMergesAndRejectsRowsWithTheirLine() throws Exception {
    String existing = "old-" + run;
    putContact(
        existing,
        "{\"email\": \"old-"
            + run
            + "@example.com\", \"firstName\": \"Old\", \"timezone\": \"Asia/Shanghai\"}");
    String byPhone = "ph-" + run;
    putContact(
        byPhone,
        "{\"phone\": \"+86 137 0000 "
            + run.substring(0, 4).replaceAll("[^0-9]", "1")
            + "\", \"lastName\": \"Zhang\"}");
    String joinPhone = (String) contact("id", byPhone).get("phone");
    mvc.perform(
            post("/api/events")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
        {"id": "imp-ev-%s", "type": "login", "contactId": "%s", "occurredAt": "2026-01-01T00:00:00Z"}"""
                        .formatted(run, byPhone)))
        .andExpect(status().isAccepted());

    String csv =
        String.join(
            "\n",
            "\uFEFF手机号,邮箱,姓,名,生日,城市",
            phoneA + ",,李,雷,2024/7/1,杭州", // 2 inserted
            "+86 "
                + phoneA
                + ",Li.Lei."
                + run
                + "@Example.com,,,20240702,", // 3 same phone: merged, email added
            "12345,x@example.com,,,,", // 4 not a phone
            ",old-" + run + "@EXAMPLE.com,,,2024.07.03,", // 5 existing: updated, names kept
            ",,王,,,", // 6 no identity
            joinPhone
                + ",old-"
                + run
                + "@example.com,,,,上海", // 7 email of one, phone of another: merged
            ",bad@,,,,", // 8 not an email
            phoneA + ",,,,never,"); // 9 bad date
    Counts counts =
        importer.run(
            SheetRows.csv(new StringReader(csv)),
            Map.of(),
            Instant.now().truncatedTo(ChronoUnit.MICROS),
            c -> {});

    assertThat(counts.read).isEqualTo(8);
    assertThat(counts.inserted).isEqualTo(1);
    assertThat(counts.updated).isEqualTo(1);
    assertThat(counts.merged).isEqualTo(2);
    assertThat(counts.rejected).isEqualTo(4);
    assertThat(counts.rejections)
        .containsExactly(
            new Rejection(4, "phone: not a valid phone number"),
            new Rejection(6, "no contact id, email or phone"),
            new Rejection(8, "email: not a valid email address"),
            new Rejection(9, "生日: not a date (2024-07-01, 2024/7/1, 2024.07.01, 20240701)"));

    Map<String, Object> li = contact("phone", "+86" + phoneA);
    assertThat(li.get("email")).isEqualTo("li.lei." + run + "@example.com");
    assertThat(li.get("last_name")).isEqualTo("李");
    assertThat(li.get("first_name")).isEqualTo("雷");
    assertThat(json.readTree((String) li.get("attributes")).path("生日").asText())
        .isEqualTo("2024-07-02");
    assertThat(json.readTree((String) li.get("attributes")).path("城市").asText()).isEqualTo("杭州");

    Map<String, Object> old = contact("id", existing);
    assertThat(old.get("first_name")).isEqualTo("Old");
    assertThat(old.get("timezone")).isEqualTo("Asia/Shanghai");
    assertThat(old.get("phone")).isEqualTo(joinPhone);
    assertThat(old.get("last_name")).as("filled from the merged record").isEqualTo("Zhang");
    JsonNode attrs = json.readTree((String) old.get("attributes"));
    assertThat(attrs.path("生日").asText()).isEqualTo("2024-07-03");
    assertThat(attrs.path("城市").asText()).isEqualTo("上海");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from contact where id = ?", Integer.class, byPhone))
        .isZero();
    assertThat(
            jdbc.queryForObject(
                "select contact_id from event where id = ?", String.class, "imp-ev-" + run))
        .as("the merged record's history moved to the survivor")
        .isEqualTo(existing);
  }

  @Test
  void importsThroughTheApiWithProgressAndReport() throws Exception {
    String csv =
        "Email,Mobile,First Name,Signup Date\n"
            + "api-"
            + run
            + "@example.com,,Ann,2024/7/1\n"
            + "api2-"
            + run
            + "@example.com,,Bob,2024.07.01\n"
            + "broken,,Cy,\n";
    String answer =
        mvc.perform(
                multipart("/api/imports")
                    .file(
                        new MockMultipartFile(
                            "file",
                            "contacts.csv",
                            "text/csv",
                            csv.getBytes(StandardCharsets.UTF_8))))
            .andExpect(status().isAccepted())
            .andReturn()
            .getResponse()
            .getContentAsString();
    String importId = json.readTree(answer).path("importId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                mvc.perform(get("/api/imports/" + importId))
                    .andExpect(jsonPath("$.status").value("completed")));
    mvc.perform(get("/api/imports/" + importId))
        .andExpect(jsonPath("$.read").value(3))
        .andExpect(jsonPath("$.inserted").value(2))
        .andExpect(jsonPath("$.updated").value(0))
        .andExpect(jsonPath("$.merged").value(0))
        .andExpect(jsonPath("$.rejected").value(1))
        .andExpect(jsonPath("$.errorRate").value(1.0 / 3))
        .andExpect(jsonPath("$.rejectedRows[0].line").value(4))
        .andExpect(jsonPath("$.rejectedRows[0].reason").value("email: not a valid email address"));
    assertThat(
            json.readTree(
                    (String) contact("email", "api-" + run + "@example.com").get("attributes"))
                .path("Signup Date")
                .asText())
        .isEqualTo("2024-07-01");
  }

  @Test
  void aFailedImportLeavesNoContactsBehind() throws Exception {
    StringBuilder csv = new StringBuilder("email\n");
    for (int i = 0; i < ContactImporter.CHUNK + 10; i++) {
      csv.append("fail-").append(i).append('-').append(run).append("@example.com\n");
    }
    csv.append("\"unterminated").append(run).append("@example.com\n");
    String answer =
        mvc.perform(
                multipart("/api/imports")
                    .file(
                        new MockMultipartFile(
                            "file",
                            "broken.csv",
                            "text/csv",
                            csv.toString().getBytes(StandardCharsets.UTF_8))))
            .andExpect(status().isAccepted())
            .andReturn()
            .getResponse()
            .getContentAsString();
    String importId = json.readTree(answer).path("importId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                mvc.perform(get("/api/imports/" + importId))
                    .andExpect(jsonPath("$.status").value("failed")));
    mvc.perform(get("/api/imports/" + importId))
        .andExpect(jsonPath("$.inserted").value(0))
        .andExpect(jsonPath("$.error").exists());
    assertThat(
            jdbc.queryForObject(
                "select count(*) from contact where email like ?",
                Integer.class,
                "fail-%-" + run + "@example.com"))
        .isZero();
  }

  @Test
  void badUploadsAre4xx() throws Exception {
    mvc.perform(
            multipart("/api/imports")
                .file(
                    new MockMultipartFile(
                        "file",
                        "x.csv",
                        "text/csv",
                        "city,notes\nHangzhou,x\n".getBytes(StandardCharsets.UTF_8))))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.details[0].reason")
                .value("the header names no contact id, email or phone column"));
    mvc.perform(
            multipart("/api/imports")
                .file(new MockMultipartFile("file", "x.csv", "text/csv", new byte[0])))
        .andExpect(status().isBadRequest());
    mvc.perform(
            multipart("/api/imports")
                .file(
                    new MockMultipartFile(
                        "file", "x.csv", "text/csv", "a\n1\n".getBytes(StandardCharsets.UTF_8)))
                .param("mapping", "{\"a\": \"shoeSize\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details[0].field").value("mapping"));
    mvc.perform(post("/api/imports").contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isBadRequest());
    mvc.perform(get("/api/imports/" + UUID.randomUUID())).andExpect(status().isNotFound());
  }
}
