package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@H2SpringTest
class ContactExportTest {

  @Autowired MockMvc mvc;
  @Autowired ContactRepository contacts;
  @Autowired TagRows tags;
  @Autowired ContactImporter importer;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String mobile =
      "1380013" + String.format("%04d", Math.abs(run.hashCode()) % 10_000);

  private String export(String query) throws Exception {
    byte[] body =
        mvc.perform(get("/api/contacts/export" + query))
            .andExpect(status().isOk())
            .andExpect(header().string("Content-Type", "text/csv;charset=UTF-8"))
            .andExpect(
                header()
                    .string("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment")))
            .andReturn()
            .getResponse()
            .getContentAsByteArray();
    assertThat(body).startsWith(0xEF, 0xBB, 0xBF);
    return new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
  }

  private static Map<String, CSVRecord> byId(String csv) throws Exception {
    List<CSVRecord> records =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv))
            .getRecords();
    return records.stream().collect(java.util.stream.Collectors.toMap(r -> r.get("id"), r -> r));
  }

  @Test
  void exportsEveryContactWithFormulasDefused() throws Exception {
    String id = "exp-" + run;
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
        {"email": "exp-%s@example.com", "phone": "%s", "firstName": "=HYPERLINK(\\"http://evil\\",\\"x\\")",
         "lastName": "@SUM(1+1)", "timezone": "Asia/Shanghai", "locale": "zh-CN",
         "attributes": {"城市": "-杭州"}, "consent": {"email": true, "sms": false}}"""
                        .formatted(run, mobile)))
        .andExpect(status().isCreated());
    tags.add(id, "vip", Instant.now());
    tags.add(id, "+cmd", Instant.now());

    String csv = export("");
    assertThat(csv.lines().findFirst())
        .contains(
            "id,email,phone,firstName,lastName,timezone,locale,lifecycleStage,score,tags,consent.email,"
                + "consent.sms,consent.wecom,consent.push,attributes,createdAt,updatedAt");
    CSVRecord row = byId(csv).get(id);
    assertThat(row.get("email")).isEqualTo("exp-" + run + "@example.com");
    assertThat(row.get("phone"))
        .as("E.164 starts with +: quoted like any other cell")
        .isEqualTo("'+86" + mobile);
    assertThat(row.get("firstName")).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
    assertThat(row.get("lastName")).isEqualTo("'@SUM(1+1)");
    assertThat(row.get("tags")).isEqualTo("'+cmd;vip");
    assertThat(row.get("consent.email")).isEqualTo("true");
    assertThat(row.get("consent.sms")).isEqualTo("false");
    assertThat(row.get("consent.push")).isEmpty();
    assertThat(row.get("attributes")).isEqualTo("{\"城市\":\"-杭州\"}");
    assertThat(row.get("lifecycleStage")).isEqualTo("subscriber");
    assertThat(row.get("createdAt")).endsWith("Z");
    for (String cell : row.values()) {
      assertThat(cell)
          .doesNotStartWith("=")
          .doesNotStartWith("+")
          .doesNotStartWith("-")
          .doesNotStartWith("@");
    }
  }

  @Test
  void exportsByTagAndTheExportImportsBackUnchanged() throws Exception {
    String id = "tagged-" + run;
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
        {"phone": "+8613900139%s", "firstName": "-Lei", "lastName": "=Li"}"""
                        .formatted(String.format("%03d", Math.abs(run.hashCode()) % 1000))))
        .andExpect(status().isCreated());
    mvc.perform(
            put("/api/contacts/untagged-" + run)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"untagged-" + run + "@example.com\"}"))
        .andExpect(status().isCreated());
    tags.add(id, "export-" + run, Instant.now());

    String csv = export("?tag=export-" + run);
    assertThat(byId(csv)).containsOnlyKeys(id);

    String phone = contacts.find(id).orElseThrow().phone();
    String reimport = csv.replace(id + ",", "reimported-" + run + ",");
    var counts =
        importer.run(
            SheetRows.csv(new StringReader(reimport)),
            Map.of(),
            Instant.now().truncatedTo(ChronoUnit.MICROS),
            c -> {});
    assertThat(counts.rejected).isZero();
    assertThat(counts.merged + counts.updated).as("found again by its phone").isEqualTo(1);
    ContactView back = contacts.find(id).orElseThrow();
    assertThat(back.phone()).isEqualTo(phone);
    assertThat(back.firstName()).isEqualTo("-Lei");
    assertThat(back.lastName()).isEqualTo("=Li");
  }

  @Test
  void attributesOfAnExportImportBackWithTheirTypes() throws Exception {
    String id = "attrs-" + run;
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
        {"email": "attrs-%s@example.com", "attributes": {"城市": "-杭州", "vip": true, "orders": 3,
         "address": {"city": "Hangzhou", "zip": "310000"}, "note": "say \\"hi\\", then =1+1"}}"""
                        .formatted(run)))
        .andExpect(status().isCreated());
    tags.add(id, "attrs-" + run, Instant.now());
    Map<String, Object> before = contacts.find(id).orElseThrow().attributes();
    String csv = export("?tag=attrs-" + run);
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"attributes\": {}}"))
        .andExpect(status().isOk());
    assertThat(contacts.find(id).orElseThrow().attributes()).isEmpty();

    var counts =
        importer.run(
            SheetRows.csv(new StringReader(csv)),
            Map.of(),
            Instant.now().truncatedTo(ChronoUnit.MICROS),
            c -> {});

    assertThat(counts.rejected).isZero();
    assertThat(counts.updated).isEqualTo(1);
    assertThat(contacts.find(id).orElseThrow().attributes())
        .isEqualTo(before)
        .containsEntry("vip", true)
        .containsEntry("orders", 3);
  }

  @Test
  void anAttributesCellThatIsNotAJsonObjectRejectsTheRow() throws Exception {
    String csv =
        "email,attributes,城市\n"
            + "a1-"
            + run
            + "@example.com,\"{\"\"tier\"\": \"\"gold\"\", \"\"城市\"\": \"\"北京\"\"}\",上海\n"
            + "a2-"
            + run
            + "@example.com,[1],\n"
            + "a3-"
            + run
            + "@example.com,{broken,\n";
    var counts =
        importer.run(
            SheetRows.csv(new StringReader(csv)),
            Map.of(),
            Instant.now().truncatedTo(ChronoUnit.MICROS),
            c -> {});
    assertThat(counts.inserted).isEqualTo(1);
    assertThat(counts.rejections)
        .extracting(r -> r.line() + " " + r.reason())
        .containsExactly("3 attributes: not a JSON object", "4 attributes: not a JSON object");
    ContactView a1 =
        contacts
            .findAllByIdentity(List.of(), List.of("a1-" + run + "@example.com"), List.of())
            .get(0);
    assertThat(a1.attributes())
        .as("a column of its own wins over the JSON cell")
        .containsEntry("tier", "gold")
        .containsEntry("城市", "上海");
  }

  @Test
  void refusesAControlCharacterTag() throws Exception {
    mvc.perform(get("/api/contacts/export").param("tag", "a\nb"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details[0].field").value("tag"));
  }
}
