package io.journeys.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.ContactDirectory;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A profile change without an event (PATCH here; imports and API tags publish the same {@code
 * contact.ContactsChanged}) counts at once: the profile criteria score in the PATCH's transaction,
 * a segment on an attribute is entered in it (with its {@code segment.entered} event), and the
 * contact's tags are refreshed by the tag thread's next round instead of the hourly pass.
 */
@ScoringSpringTest
class ProfileChangesTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcTemplate jdbc;
  @Autowired TagPass pass;
  @Autowired ContactDirectory directory;

  @Test
  void aPatchedProfileIsReScoredReSegmentedAndReTaggedPromptly() throws Exception {
    String id = "pc-" + UUID.randomUUID();
    String segment =
        contactAndSegment(
            id,
            "acme-",
            "ACME staff",
            "{\"attribute\": \"company\", \"op\": \"eq\", \"value\": \"ACME\"}");
    try {
      pass.drain(); // the creation's own refresh (new, new-member)
      assertThat(directory.find(id).orElseThrow().tags()).doesNotContain("female-25-35");

      mvc.perform(
              patch("/api/contacts/" + id)
                  .contentType("application/merge-patch+json")
                  .content(
                      "{\"attributes\": {\"phoneVerified\": true, \"company\": \"ACME\","
                          + " \"birthday\": \"1996-03-01\", \"gender\": \"女\"}}"))
          .andExpect(status().isOk());

      // no event, no pass: the score counts the profile criteria at once (0.3 × (5 + 3) = 2.4)
      mvc.perform(get("/api/contacts/" + id + "/score"))
          .andExpect(jsonPath("$.total").value(2))
          .andExpect(jsonPath("$.dimensions['基础信息']").value(8.0));
      assertThat(
              jdbc.queryForList(
                  "select contact_id from segment_member where segment = ?", String.class, segment))
          .containsExactly(id);
      assertThat(
              jdbc.queryForList(
                  "select type from event where contact_id = ? and type = 'segment.entered'",
                  String.class,
                  id))
          .hasSize(1);

      // the tag thread's next round (every 5 s) picks the contact up: its age and gender now hold
      assertThat(pass.drain()).isEqualTo(1);
      assertThat(directory.find(id).orElseThrow().tags()).contains("female-25-35");

      mvc.perform(
              patch("/api/contacts/" + id)
                  .contentType("application/merge-patch+json")
                  .content("{\"attributes\": {\"company\": null, \"gender\": null}}"))
          .andExpect(status().isOk());
      mvc.perform(get("/api/contacts/" + id + "/score"))
          .andExpect(jsonPath("$.dimensions['基础信息']").value(5.0));
      assertThat(
              jdbc.queryForList(
                  "select contact_id from segment_member where segment = ?", String.class, segment))
          .isEmpty();
      pass.drain();
      assertThat(directory.find(id).orElseThrow().tags()).doesNotContain("female-25-35");
      assertThat(
              jdbc.queryForList(
                  "select properties from event where contact_id = ? and type = 'tag.removed'",
                  String.class,
                  id))
          .anySatisfy(p -> assertThat(p).contains("female-25-35"));
    } finally {
      mvc.perform(delete("/api/segments/" + segment)).andExpect(status().isNoContent());
    }
  }

  @Test
  void aTagFromTheApiOrAJourneyStepReEvaluatesSegmentsOnIt() throws Exception {
    String id = "pt-" + UUID.randomUUID();
    String segment = contactAndSegment(id, "tagged-", "Tagged", "{\"tag\": \"webinar-guest\"}");
    try {
      directory.tag(id, "webinar-guest", "journey:test:step");
      assertThat(
              jdbc.queryForList(
                  "select contact_id from segment_member where segment = ?", String.class, segment))
          .isEqualTo(List.of(id));
    } finally {
      mvc.perform(delete("/api/segments/" + segment)).andExpect(status().isNoContent());
    }
  }

  /**
   * Creates contact {@code id} (with an email address) and a segment named {@code name} with this
   * definition, under a fresh key starting with {@code keyPrefix}; answers the segment's key.
   */
  private String contactAndSegment(String id, String keyPrefix, String name, String definition)
      throws Exception {
    String segment = keyPrefix + UUID.randomUUID().toString().substring(0, 8);
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"" + id + "@example.com\"}"))
        .andExpect(status().isCreated());
    mvc.perform(
            post("/api/segments")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"key\": \""
                        + segment
                        + "\", \"name\": \""
                        + name
                        + "\", \"definition\": "
                        + definition
                        + "}"))
        .andExpect(status().isCreated());
    return segment;
  }
}
