package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import io.journeys.journey.JourneyConstants;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Double opt-in links on H2 through the web layer: a link confirms only while the contact has the
 * address it was sent to (a link to another address gets 400 and changes nothing; an older link to
 * the same address still confirms), and an address change while the request is pending starts a
 * fresh confirmation process bound to the new address, at once, re-entry window or not.
 */
@H2SpringTest
class OptInLinksTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcTemplate jdbc;
  @Autowired OptInTokens tokens;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;

  private final String id = "optin-" + UUID.randomUUID();

  @Test
  void aLinkConfirmsOnlyForTheAddressItWasSentTo() throws Exception {
    putContact("li.lei." + id + "@example.com");
    pending();
    Instant now = Instant.now();
    String toOther = tokens.sign(id, "han.meimei." + id + "@example.com", now);
    String older = tokens.sign(id, "Li.Lei." + id + "@example.com", now.minus(Duration.ofDays(2)));
    String latest = tokens.sign(id, "li.lei." + id + "@example.com", now);

    mvc.perform(get("/optin/" + latest))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("<form method=\"post\"")));
    for (var request : List.of(get("/optin/" + toOther), post("/optin/" + toOther))) {
      mvc.perform(request)
          .andExpect(status().isBadRequest())
          .andExpect(content().string(Matchers.containsString("no longer the one we have")))
          .andExpect(content().string(Matchers.not(Matchers.containsString("<form"))));
    }
    assertThat(granted()).as("nothing changed").isFalse();

    mvc.perform(post("/optin/" + older))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("is confirmed")));
    assertThat(granted()).as("an older link to the same address confirms").isTrue();
    mvc.perform(post("/optin/" + latest))
        .andExpect(status().isOk())
        .andExpect(content().string(Matchers.containsString("nothing to confirm")));
  }

  @Test
  void anAddressChangeWhilePendingStartsAFreshRequestForTheNewAddress() throws Exception {
    putContact("li.lei." + id + "@example.com");
    pending();

    putContact("lei.li." + id + "@example.com");
    ProcessInstance first = optInProcess();

    putContact("li.lei." + id + "@example.org");
    ProcessInstance second = optInProcess();
    assertThat(second.getId())
        .as("the void request's process ended, a new one runs")
        .isNotEqualTo(first.getId());
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event where contact_id = ? and type = ?",
                Integer.class,
                id,
                JourneyConstants.MSG_EMAIL_CONSENT_REQUESTED))
        .isEqualTo(2);
    assertThat(granted()).isFalse();

    putContact(null);
    assertThat(
            jdbc.queryForObject(
                "select pending_since from contact_consent where contact_id = ?"
                    + " and channel = 'email'",
                Timestamp.class,
                id))
        .as("no address: the request ends")
        .isNull();
  }

  /**
   * Finding 7: the link confirms the contact's consent, so it must not be readable through engine
   * variables (runtime or history), only from the email itself (rendered when sent:
   * DoubleOptInIntegrationTest follows the link from the mail).
   */
  @Test
  void theLinkIsInTheEmailAndInNoProcessVariable() throws Exception {
    putContact("li.lei." + id + "@example.com");
    pending();
    putContact("lei.li." + id + "@example.com");
    ProcessInstance instance = optInProcess();

    assertThat(runtime.getVariables(instance.getId()).keySet())
        .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("url"));
    assertThat(
            history
                .createHistoricVariableInstanceQuery()
                .processInstanceId(instance.getId())
                .list())
        .extracting(v -> String.valueOf(v.getValue()))
        .noneMatch(value -> value.contains("/optin/"));
  }

  private ProcessInstance optInProcess() {
    return runtime
        .createProcessInstanceQuery()
        .processDefinitionKey(JourneyConstants.PROCESS_EMAIL_OPT_IN)
        .processInstanceBusinessKey(id)
        .singleResult();
  }

  private void putContact(String email) throws Exception {
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    email == null
                        ? "{\"email\": null}"
                        : "{\"email\": \"" + email + "\", \"locale\": \"en\"}"))
        .andExpect(status().is2xxSuccessful());
  }

  /** Email consent awaiting confirmation (this context runs with double opt-in off). */
  private void pending() {
    jdbc.update(
        "insert into contact_consent (contact_id, channel, granted, source, updated_at,"
            + " pending_since) values (?, 'email', false, 'signup-form', current_timestamp,"
            + " current_timestamp)",
        id);
  }

  private boolean granted() {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "select granted from contact_consent" + " where contact_id = ? and channel = 'email'",
            Boolean.class,
            id));
  }
}
