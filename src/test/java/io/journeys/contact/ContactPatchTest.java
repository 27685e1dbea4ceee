package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** {@code PATCH /api/contacts/{id}} with JSON Merge Patch (RFC 7396). */
@H2SpringTest
class ContactPatchTest {

  @Autowired MockMvc mvc;
  @Autowired ContactRepository contacts;
  @Autowired ObjectMapper json;

  private final String id = "patch-" + UUID.randomUUID();

  private ResultActions patchContact(String contactId, String body) throws Exception {
    return mvc.perform(
        patch("/api/contacts/" + contactId).contentType(MergePatch.MEDIA_TYPE).content(body));
  }

  private void create() throws Exception {
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
        {"email": "%s@example.com", "firstName": "Lei", "lastName": "Li", "timezone": "Asia/Shanghai",
         "attributes": {"城市": "上海", "tier": "gold", "address": {"city": "Shanghai", "zip": "200000"}},
         "consent": {"email": true}}"""
                        .formatted(id)))
        .andExpect(status().isCreated());
  }

  @Test
  void setsClearsAndKeepsFieldsAndPatchesAttributesMemberByMember() throws Exception {
    create();
    patchContact(
            id,
            """
        {"firstName": "Mei", "lastName": null, "locale": "zh_CN",
         "attributes": {"tier": null, "address": {"zip": "310000"}, "vip": true},
         "consent": {"sms": false}}""")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.firstName").value("Mei"))
        .andExpect(jsonPath("$.lastName").doesNotExist())
        .andExpect(jsonPath("$.locale").value("zh-CN"))
        .andExpect(jsonPath("$.email").value(id + "@example.com"))
        .andExpect(jsonPath("$.timezone").value("Asia/Shanghai"))
        .andExpect(jsonPath("$.consent.email.granted").value(true))
        .andExpect(jsonPath("$.consent.sms.granted").value(false));

    ContactView c = contacts.find(id).orElseThrow();
    assertThat(c.lastName()).isNull();
    assertThat(c.attributes())
        .isEqualTo(
            Map.of(
                "城市", "上海", "vip", true, "address", Map.of("city", "Shanghai", "zip", "310000")));
  }

  @Test
  void nullAttributesRemovesThemAllAndAnEmptyPatchChangesNothing() throws Exception {
    create();
    patchContact(id, "{}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.attributes.tier").value("gold"));
    patchContact(id, "{\"attributes\": null}").andExpect(status().isOk());
    assertThat(contacts.find(id).orElseThrow().attributes()).isEmpty();
    assertThat(contacts.find(id).orElseThrow().firstName()).isEqualTo("Lei");
  }

  @Test
  void invalidPatchesAre4xxWithReasonsAndChangeNothing() throws Exception {
    create();
    patchContact(
            id,
            """
        {"email": "not-an-email", "timezone": "Mars/Base", "attributes": [1], "consent": {"fax": true}}""")
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.details[*].field")
                .value(containsInAnyOrder("email", "timezone", "attributes", "consent.fax")));
    patchContact(id, "[{\"op\": \"replace\"}]")
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.details[0].reason")
                .value("a merge patch of a contact must be a JSON object"));
    patchContact(id, "{\"consent\": null}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.details[0].field").value("consent"));
    patchContact(id, "{\"firstName\": ")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value("malformed request body"));
    mvc.perform(patch("/api/contacts/" + id).contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isUnsupportedMediaType());
    patchContact("nobody-" + id, "{\"firstName\": \"X\"}").andExpect(status().isNotFound());
    patchContact("bad id", "{}").andExpect(status().isBadRequest());

    String other = "other-" + id;
    mvc.perform(
            put("/api/contacts/" + other)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"" + other + "@example.com\"}"))
        .andExpect(status().isCreated());
    patchContact(id, "{\"email\": \"" + other + "@example.com\"}").andExpect(status().isConflict());

    ContactView c = contacts.find(id).orElseThrow();
    assertThat(c.email()).isEqualTo(id + "@example.com");
    assertThat(c.timezone()).isEqualTo("Asia/Shanghai");
    assertThat(c.attributes()).containsEntry("tier", "gold");
  }

  @Test
  void mergePatchFollowsTheExamplesOfRfc7396() throws Exception {
    String[][] examples = {
      {"{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
      {"{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}"},
      {"{\"a\":\"b\"}", "{\"a\":null}", "{}"},
      {"{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}"},
      {"{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
      {"{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}"},
      {"{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}"},
      {"{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}"},
      {"[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"c\",\"d\"]"},
      {"{\"a\":\"b\"}", "[\"c\"]", "[\"c\"]"},
      {"{\"a\":\"foo\"}", "null", "null"},
      {"{\"a\":\"foo\"}", "\"bar\"", "\"bar\""},
      {"{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}"},
      {"[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}"},
      {"{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}"}
    };
    for (String[] e : examples) {
      assertThat(MergePatch.apply(json.readTree(e[0]), json.readTree(e[1])))
          .as("%s patched with %s", e[0], e[1])
          .isEqualTo(json.readTree(e[2]));
    }
  }
}
