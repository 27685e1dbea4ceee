package io.journeys.segment;

import static io.journeys.support.ErrorBodies.errorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import io.journeys.journey.JourneyConstants;
import io.journeys.security.Roles;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code /api/segments} on the embedded shape: create, read with the current size, change, delete,
 * the validation of each field, the roles, and the export of the members as CSV. Saving starts a
 * rebuild of the segment in the engine; the test runs its jobs (no job executor here).
 */
@H2SpringTest
class SegmentsApiTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcTemplate jdbc;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String key = "vip-" + run;

  @Test
  void aSegmentIsCreatedRebuiltListedWithItsSizeChangedExportedAndDeleted() throws Exception {
    String vip = contact("vip");
    String other = contact("other");
    jdbc.update(
        "insert into contact_tag (contact_id, tag, created_at) values (?, ?, ?)",
        vip,
        "vip-" + run,
        Timestamp.from(Instant.now()));

    mvc.perform(
            post("/api/segments")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
            {"key":"%s","name":"VIP customers","definition":{"tag":"vip-%s"}}"""
                        .formatted(key, run)))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.key").value(key))
        .andExpect(jsonPath("$.definition.tag").value("vip-" + run));
    rebuild();

    mvc.perform(get("/api/segments/" + key))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.size").value(1));
    mvc.perform(get("/api/segments"))
        .andExpect(
            jsonPath("$.segments[?(@.key == '" + key + "')].size").value(Matchers.contains(1)))
        .andExpect(
            jsonPath("$.segments[?(@.key == 'dormant')].name")
                .value(Matchers.contains("Dormant member")));
    String csv =
        mvc.perform(get("/api/segments/" + key + "/export"))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);
    assertThat(csv.lines().toList()).hasSize(2).last().asString().startsWith(vip + ",");

    mvc.perform(
            put("/api/segments/" + key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
            {"name":"Everyone of this run but the VIP","definition":{"all":[
              {"not":{"tag":"vip-%s"}},{"field":"email","op":"contains","value":"%s"}]}}"""
                        .formatted(run, run)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.name").value("Everyone of this run but the VIP"));
    rebuild();

    assertThat(
            jdbc.queryForList(
                "select contact_id from segment_member where segment = ?", String.class, key))
        .containsExactly(other);
    assertThat(
            jdbc.queryForObject(
                "select left_reason from segment_membership where segment = ? and contact_id = ?",
                String.class,
                key,
                vip))
        .isEqualTo("re-evaluated");

    mvc.perform(delete("/api/segments/" + key)).andExpect(status().isNoContent());
    mvc.perform(get("/api/segments/" + key))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no such segment"));
    mvc.perform(get("/api/segments/" + key + "/export"))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no such segment"));
    assertThat(
            jdbc.queryForObject(
                "select count(*) from segment_membership where segment = ?", Integer.class, key))
        .isZero();
  }

  @Test
  void invalidRequestsAreRefusedWithTheirReasons() throws Exception {
    mvc.perform(
            post("/api/segments")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
            {"key":"Bad Key","name":"x","definition":{"tag":"vip"}}"""))
        .andExpect(status().isBadRequest())
        .andExpect(
            errorBody(
                "invalid segment",
                """
                [{"field": "key", "reason": "1-63 characters: lower-case letters, digits and '-',\
                 starting with a letter or digit"}]"""));
    mvc.perform(
            post("/api/segments")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
            {"key":"%s","name":"","definition":{"all":[{"event":"order.placed","count":{"op":"gte","value":1}}]},
             "color":"red"}"""
                        .formatted(key)))
        .andExpect(status().isBadRequest())
        .andExpect(
            errorBody(
                "invalid segment",
                """
                [{"field": "name", "reason": "1-200 characters, no control characters"},
                 {"field": "definition.all[0].withinDays", "reason": "a whole number of days, 1-3650"},
                 {"field": "color", "reason": "unknown field"}]"""));
    mvc.perform(post("/api/segments").contentType(MediaType.APPLICATION_JSON).content("{not json"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").exists());
    mvc.perform(
            post("/api/segments")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
            {"key":"dormant","name":"again","definition":{"tag":"x"}}"""))
        .andExpect(status().isConflict())
        .andExpect(
            errorBody(
                "segment exists",
                """
                [{"field": "key", "reason": "taken; change it with PUT /api/segments/dormant"}]"""));
    mvc.perform(
            put("/api/segments/no-such-" + run)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
            {"name":"x","definition":{"tag":"x"}}"""))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no such segment"));
    mvc.perform(
            put("/api/segments/dormant")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
            {"key":"other","name":"x","definition":{"tag":"x"}}"""))
        .andExpect(status().isBadRequest())
        .andExpect(
            errorBody(
                "invalid segment",
                """
                [{"field": "key", "reason": "differs from the path; a key cannot change"}]"""));
    mvc.perform(put("/api/segments/dormant").contentType(MediaType.APPLICATION_JSON).content("[]"))
        .andExpect(status().isBadRequest())
        .andExpect(
            errorBody(
                "invalid segment",
                """
                [{"field": "", "reason": "a JSON object with name and definition"}]"""));
    mvc.perform(delete("/api/segments/dormant"))
        .andExpect(status().isConflict())
        .andExpect(
            errorBody(
                "built-in segment",
                """
                [{"reason": "dormant-win-back starts on its entries; change its definition instead"}]"""));
    mvc.perform(delete("/api/segments/no-such-" + run))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no such segment"));
  }

  @Test
  void viewersReadAndMarketingEdits() throws Exception {
    String viewer = user("viewer", Roles.VIEWER);
    String marketing = user("marketing", Roles.MARKETING);
    String body =
        """
        {"key":"%s","name":"Roles","definition":{"tag":"x"}}"""
            .formatted(key);

    mvc.perform(get("/api/segments").header(HttpHeaders.AUTHORIZATION, viewer))
        .andExpect(status().isOk());
    mvc.perform(get("/api/segments/dormant").header(HttpHeaders.AUTHORIZATION, viewer))
        .andExpect(status().isOk());
    mvc.perform(get("/api/segments/dormant/export").header(HttpHeaders.AUTHORIZATION, viewer))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/api/segments")
                .header(HttpHeaders.AUTHORIZATION, viewer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/api/segments")
                .header(HttpHeaders.AUTHORIZATION, marketing)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isCreated());
    mvc.perform(delete("/api/segments/" + key).header(HttpHeaders.AUTHORIZATION, viewer))
        .andExpect(status().isForbidden());
    mvc.perform(delete("/api/segments/" + key).header(HttpHeaders.AUTHORIZATION, marketing))
        .andExpect(status().isNoContent());
    rebuild(); // the deleted segment's rebuild finds nothing to do
  }

  /** Runs the jobs of the rebuilds that saving started, until they end. */
  private void rebuild() {
    for (int jobs = 0; jobs < 10_000; jobs++) {
      ProcessInstance pass =
          runtime
              .createProcessInstanceQuery()
              .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
              .variableValueEquals(DormantSegmentScanDelegate.VAR_SEGMENTS, key)
              .listPage(0, 1)
              .stream()
              .findFirst()
              .orElse(null);
      if (pass == null) {
        return;
      }
      management.executeJob(
          management.createJobQuery().processInstanceId(pass.getId()).singleResult().getId());
    }
    throw new AssertionError("rebuild did not end");
  }

  private String contact(String name) {
    String id = "seg-api-" + run + "-" + name;
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update(
        "insert into contact (id, email, created_at, updated_at) values (?, ?, ?, ?)",
        id,
        name + "-" + run + "@example.com",
        now,
        now);
    return id;
  }

  private String user(String name, String group) {
    String id = name + run;
    User user = identity.newUser(id);
    user.setPassword("secret-" + run);
    identity.saveUser(user);
    identity.createMembership(id, group);
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((id + ":secret-" + run).getBytes(StandardCharsets.UTF_8));
  }
}
