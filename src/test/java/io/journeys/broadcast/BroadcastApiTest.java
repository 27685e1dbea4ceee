package io.journeys.broadcast;

import static io.journeys.support.ErrorBodies.errorBody;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.contact.H2SpringTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The refusals of {@code /api/broadcasts} on H2, each with its whole error body: an invalid
 * request, a time in the past, unknown contacts, an unknown segment, an unknown broadcast and a
 * cancellation of one that is no longer scheduled. (Broadcasts that run: BroadcastIntegrationTest.)
 */
@H2SpringTest
class BroadcastApiTest {

  static final LocalDate LATER = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(30);

  @Autowired MockMvc mvc;

  @Test
  void anInvalidRequestNamesEveryProblemInOrder() throws Exception {
    schedule("{\"channel\": \"fax\", \"contactIds\": [\"a\", \"a\"]}")
        .andExpect(status().isBadRequest())
        .andExpect(
            errorBody(
                "invalid broadcast",
                """
                [{"field": "channel", "reason": "one of email, sms, wecom, push"},
                 {"field": "template",
                  "reason": "a message template key (lower-case letters, digits, -)"},
                 {"field": "date", "reason": "required, a date (2026-10-01)"},
                 {"field": "time", "reason": "required, a local time (10:00)"},
                 {"field": "timezone", "reason": "required, an IANA time zone (Asia/Shanghai);\
                 with localTime the zone of contacts without one"},
                 {"field": "contactIds", "reason": "each contact once"}]"""));
  }

  @Test
  void aPastTimeUnknownContactsAndAnUnknownSegmentAreRefused() throws Exception {
    String contact = contact();
    schedule(request("2020-01-01", "\"contactIds\": [\"" + contact + "\"]"))
        .andExpect(status().isBadRequest())
        .andExpect(
            errorBody(
                "invalid broadcast",
                """
                [{"field": "date", "reason": "the date and time are in the past"}]"""));
    schedule(request(LATER.toString(), "\"contactIds\": [\"" + contact + "\", \"nobody-bc\"]"))
        .andExpect(status().isBadRequest())
        .andExpect(
            errorBody(
                "invalid broadcast",
                """
                [{"field": "contactIds", "reason": "1 unknown contact(s): nobody-bc"}]"""));
    schedule(request(LATER.toString(), "\"segment\": \"no-such-segment\""))
        .andExpect(status().isBadRequest())
        .andExpect(
            errorBody(
                "invalid broadcast",
                """
                [{"field": "segment", "reason": "no segment 'no-such-segment'"}]"""));
  }

  @Test
  void anUnknownBroadcastIsNotFoundAndACancelledOneCannotBeCancelledAgain() throws Exception {
    mvc.perform(get("/api/broadcasts/nope"))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no broadcast nope"));
    mvc.perform(post("/api/broadcasts/nope/cancel"))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no broadcast nope"));
    String body =
        schedule(request(LATER.toString(), "\"contactIds\": [\"" + contact() + "\"]"))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getContentAsString();
    String id = new ObjectMapper().readTree(body).get("id").asText();
    mvc.perform(post("/api/broadcasts/" + id + "/cancel"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("CANCELLED"));
    mvc.perform(post("/api/broadcasts/" + id + "/cancel"))
        .andExpect(status().isConflict())
        .andExpect(
            errorBody(
                "broadcast "
                    + id
                    + " is CANCELLED; only a scheduled or running broadcast can be cancelled"));
  }

  private static String request(String date, String audience) {
    return """
        {"channel": "email", "template": "broadcast-new-arrival", "date": "%s", "time": "10:00",
         "timezone": "Asia/Shanghai", %s}"""
        .formatted(date, audience);
  }

  private ResultActions schedule(String body) throws Exception {
    return mvc.perform(
        post("/api/broadcasts").contentType(MediaType.APPLICATION_JSON).content(body));
  }

  private String contact() throws Exception {
    String id = "c-bc-api-" + UUID.randomUUID();
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"email\": \""
                        + id
                        + "@example.com\", \"timezone\": \"Asia/Shanghai\","
                        + " \"consent\": {\"email\": true}}"))
        .andExpect(status().isCreated());
    return id;
  }
}
