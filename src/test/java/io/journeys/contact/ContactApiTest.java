package io.journeys.contact;

import static io.journeys.support.ErrorBodies.errorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@H2SpringTest
class ContactApiTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcTemplate jdbc;
  @Autowired ContactDirectory directory;

  private static String newId() {
    return "t-" + UUID.randomUUID();
  }

  private ResultActions putContact(String id, String body) throws Exception {
    return mvc.perform(
        put("/api/contacts/" + id).contentType(MediaType.APPLICATION_JSON).content(body));
  }

  private static String newMobile() {
    return "139" + String.format("%08d", (long) (Math.random() * 100_000_000L));
  }

  @Test
  void createsUpdatesAndReadsTheWholeProfile() throws Exception {
    String id = newId();
    String mobile = newMobile();
    putContact(
            id,
            """
        {"email": "  Li.Lei.%s@Example.COM ", "phone": "%s", "firstName": "Lei",
         "lastName": "Li", "timezone": "Asia/Shanghai", "locale": "zh_CN",
         "attributes": {"city": "Hangzhou", "vip": true},
         "consent": {"email": true, "sms": {"granted": false, "source": "store-form"}}}"""
                .formatted(id, mobile))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.phone").value("+86" + mobile))
        .andExpect(jsonPath("$.email").value("li.lei." + id + "@example.com"))
        .andExpect(jsonPath("$.locale").value("zh-CN"));

    putContact(id, "{\"lastName\": \"LI\", \"consent\": {\"email\": false}}")
        .andExpect(status().isOk());
    directory.tag(id, "vip");
    directory.tag(id, "vip");

    mvc.perform(get("/api/contacts/" + id))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(id))
        .andExpect(jsonPath("$.firstName").value("Lei"))
        .andExpect(jsonPath("$.lastName").value("LI"))
        .andExpect(jsonPath("$.timezone").value("Asia/Shanghai"))
        .andExpect(jsonPath("$.attributes.city").value("Hangzhou"))
        .andExpect(jsonPath("$.tags", containsInAnyOrder("vip")))
        .andExpect(jsonPath("$.score").value(0))
        .andExpect(jsonPath("$.lifecycleStage").value("subscriber"))
        .andExpect(jsonPath("$.consent.email.granted").value(false))
        .andExpect(jsonPath("$.consent.email.source").value("api"))
        .andExpect(jsonPath("$.consent.email.updatedAt", notNullValue()))
        .andExpect(jsonPath("$.consent.sms.granted").value(false))
        .andExpect(jsonPath("$.consent.sms.source").value("store-form"))
        .andExpect(jsonPath("$.recentEvents", hasSize(0)))
        .andExpect(jsonPath("$.activeJourneys", hasSize(0)))
        .andExpect(jsonPath("$.createdAt", notNullValue()));

    ContactView view = directory.find(id).orElseThrow();
    assertThat(view.consent()).containsEntry("email", false).containsEntry("sms", false);
    assertThat(view.tags()).containsExactly("vip");
    assertThat(view.displayName()).isEqualTo("Lei LI");
  }

  @Test
  void profileListsTheLastTwentyEventsNewestFirst() throws Exception {
    String id = newId();
    putContact(id, "{\"firstName\": \"Ann\"}").andExpect(status().isCreated());
    StringBuilder events = new StringBuilder("[");
    for (int i = 0; i < 25; i++) {
      events
          .append(i == 0 ? "" : ",")
          .append(
              """
          {"id": "%s-%d", "type": "page.viewed", "contactId": "%s",
           "occurredAt": "2026-01-01T00:%02d:00Z", "properties": {"url": "/p/%d"}}"""
                  .formatted(id, i, id, i, i));
    }
    mvc.perform(post("/api/events").contentType(MediaType.APPLICATION_JSON).content(events + "]"))
        .andExpect(status().isAccepted());
    mvc.perform(get("/api/contacts/" + id))
        .andExpect(jsonPath("$.recentEvents", hasSize(20)))
        .andExpect(jsonPath("$.recentEvents[0].id").value(id + "-24"))
        .andExpect(jsonPath("$.recentEvents[0].properties.url").value("/p/24"));
  }

  @Test
  void profileShowsTheNewestMessagesWithTheirSendVerdictButNoAddressOrBody() throws Exception {
    String id = newId();
    putContact(id, "{\"email\": \"" + id + "@example.com\"}").andExpect(status().isCreated());
    jdbc.update(
        "insert into message (id, idempotency_key, contact_id, channel, template, status,"
            + " recipient, body, detail, created_at) values (?, ?, ?, 'email', 'lead-welcome', 'SKIPPED',"
            + " ?, 'secret body', 'frequency cap email 2/P1D', ?)",
        "m-" + id,
        "k-" + id,
        id,
        id + "@example.com",
        java.sql.Timestamp.from(java.time.Instant.parse("2026-11-23T08:00:00Z")));
    mvc.perform(get("/api/contacts/" + id))
        .andExpect(jsonPath("$.recentMessages", hasSize(1)))
        .andExpect(jsonPath("$.recentMessages[0].status").value("SKIPPED"))
        .andExpect(jsonPath("$.recentMessages[0].detail").value("frequency cap email 2/P1D"))
        .andExpect(jsonPath("$.recentMessages[0].template").value("lead-welcome"))
        .andExpect(jsonPath("$.recentMessages[0].body").doesNotExist())
        .andExpect(jsonPath("$.recentMessages[0].recipient").doesNotExist());
  }

  @Test
  void unknownContactIs404WithAnErrorBody() throws Exception {
    mvc.perform(get("/api/contacts/nobody-" + UUID.randomUUID()))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.error").value("unknown contact"));
    mvc.perform(delete("/api/contacts/nobody-" + UUID.randomUUID()))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.error").value("unknown contact"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "wrong types | {\"email\": 5, \"attributes\": [1], \"firstName\": {\"a\": 1}} | firstName",
        "attributes not an object | {\"attributes\": \"x\"} | attributes",
        "bad timezone | {\"timezone\": \"Mars/Olympus\"} | timezone",
        "offset is not IANA | {\"timezone\": \"+08:00\"} | timezone",
        "bad phone | {\"phone\": \"call me\"} | phone",
        "short phone | {\"phone\": \"12345\"} | phone",
        "bad email | {\"email\": \"li.lei.example.com\"} | email",
        "unknown channel | {\"consent\": {\"fax\": true}} | consent.fax",
        "consent not boolean | {\"consent\": {\"email\": \"yes\"}} | consent.email",
        "consent not object | {\"consent\": true} | consent",
        "bad locale | {\"locale\": \"12-!!\"} | locale",
        "too long name | {\"lastName\": \""
            + "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL"
            + "\"} | lastName",
        "array body | [1, 2] | ''"
      })
  void badInputIs400WithPerFieldReasons(String name, String body, String field) throws Exception {
    String id = newId();
    putContact(id, body)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value("invalid contact"))
        .andExpect(jsonPath("$.details[*].field", hasItem(field)))
        .andExpect(jsonPath("$.details[0].reason", notNullValue()));
    mvc.perform(get("/api/contacts/" + id)).andExpect(status().isNotFound());
  }

  @Test
  void malformedJsonAndMissingBodyAre400() throws Exception {
    putContact(newId(), "{\"email\": ")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value("malformed request body"))
        .andExpect(jsonPath("$.details[0].reason").value("not valid JSON"));
    putContact(newId(), "")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value("malformed request body"));
    String invalidId =
        """
        [{"field": "contactId", "reason": "1-100 of A-Z a-z 0-9 . _ : @ + -"}]""";
    putContact("bad id", "{}")
        .andExpect(status().isBadRequest())
        .andExpect(errorBody("invalid contact id", invalidId));
    mvc.perform(
            patch("/api/contacts/bad id")
                .contentType(MergePatch.MEDIA_TYPE)
                .content("{\"firstName\": \"x\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(errorBody("invalid contact id", invalidId));
    mvc.perform(put("/api/contacts/" + newId()).contentType(MediaType.TEXT_PLAIN).content("{}"))
        .andExpect(status().isUnsupportedMediaType());
  }

  @Test
  void anEmailOfAnotherContactIsAConflict() throws Exception {
    String email = UUID.randomUUID() + "@example.com";
    putContact(newId(), "{\"email\": \"" + email + "\"}").andExpect(status().isCreated());
    putContact(newId(), "{\"email\": \"" + email.toUpperCase() + "\"}")
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.*", hasSize(2)))
        .andExpect(jsonPath("$.error").value("identity in use"))
        .andExpect(jsonPath("$.details", hasSize(1)))
        .andExpect(jsonPath("$.details[0].*", hasSize(2)))
        .andExpect(jsonPath("$.details[0].field").value("email"))
        .andExpect(jsonPath("$.details[0].reason").value("belongs to another contact"));
  }

  @Test
  void aSuppressedPhoneIsAConflictAndNothingIsStored() throws Exception {
    String id = newId();
    String phone = "+86" + newMobile();
    jdbc.update(
        "insert into contact_suppression (identity_hash, kind, created_at)"
            + " values (?, 'phone', current_timestamp)",
        Identities.hash(phone));
    putContact(id, "{\"phone\": \"" + phone + "\"}")
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.*", hasSize(2)))
        .andExpect(jsonPath("$.error").value("suppressed"))
        .andExpect(jsonPath("$.details", hasSize(1)))
        .andExpect(jsonPath("$.details[0].*", hasSize(2)))
        .andExpect(jsonPath("$.details[0].field").value("phone"))
        .andExpect(jsonPath("$.details[0].reason").value("suppressed"));
    assertThat(directory.find(id)).isEmpty();
  }

  @Test
  void nullClearsAFieldAndAbsentKeepsIt() throws Exception {
    String id = newId();
    putContact(id, "{\"firstName\": \"Ann\", \"lastName\": \"李\"}").andExpect(status().isCreated());
    putContact(id, "{\"firstName\": null}").andExpect(status().isOk());
    mvc.perform(get("/api/contacts/" + id))
        .andExpect(jsonPath("$.lastName").value("李"))
        .andExpect(jsonPath("$.firstName").doesNotExist());
    assertThat(jdbc.queryForObject("select first_name from contact where id = ?", String.class, id))
        .isNull();
  }
}
