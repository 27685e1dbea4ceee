package io.journeys.operations;

import static io.journeys.support.ErrorBodies.errorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import io.journeys.operations.OperationsModels.TestJourney;
import io.journeys.security.Roles;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The journey operations API on H2, through HTTP and the real event intake: registry and metadata,
 * pause with held entries and events replayed in order, stop-entry, stop cancelling a queued
 * message, the rollout, who may do what, and the audit. No job executor: the engine runs only in
 * the request's transaction (and jobs executed by hand).
 */
@H2SpringTest
class JourneyOperationsApiTest {

  @Autowired MockMvc mvc;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired JdbcTemplate jdbc;

  @Test
  void theRegistryShowsEveryJourneyWithVersionStateRolloutAndMetadata() throws Exception {
    TestJourney j =
        OperationsModels.twoSteps(
            repository,
            Map.of(
                "owner",
                "市场部-张*",
                "emergencyContact",
                "ops@example.com",
                "goalKpi",
                "复购率提升15%, ROI≥3:1",
                "runWindow",
                "2026-12-01/2026-12-31",
                "goal.event",
                "order.placed"));
    mvc.perform(get("/api/journeys"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[*].key", hasItem("cart-abandonment")))
        .andExpect(jsonPath("$[?(@.key=='" + j.key() + "')].metadata.owner").value("市场部-张*"))
        .andExpect(jsonPath("$[?(@.key=='" + j.key() + "')].state").value("running"));
    mvc.perform(get("/api/journeys/" + j.key()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(1))
        .andExpect(jsonPath("$.metadata.emergencyContact").value("ops@example.com"))
        .andExpect(jsonPath("$.metadata.goalKpi").value("复购率提升15%, ROI≥3:1"))
        .andExpect(jsonPath("$.metadata.runWindow").value("2026-12-01/2026-12-31"))
        .andExpect(jsonPath("$.metadata['goal.event']").doesNotExist())
        .andExpect(jsonPath("$.rollout.description").value("everyone"))
        .andExpect(jsonPath("$.instances").value(0));
    mvc.perform(get("/api/journeys/no-such-journey"))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no journey no-such-journey"));
    mvc.perform(post("/api/journeys/no-such-journey/pause"))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no journey no-such-journey"));
  }

  @Test
  void aPauseHoldsEntriesAndEventsAndTheResumeReplaysThemInOrder() throws Exception {
    TestJourney j = OperationsModels.twoSteps(repository, Map.of());
    String waiting = contact();
    String arriving = contact();
    events(OperationsModels.eventJson(j.start(), waiting));
    ProcessInstance instance = instanceOf(j, waiting);

    mvc.perform(
            post("/api/journeys/" + j.key() + "/pause")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\": \"alert: bounce rate\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("paused"))
        .andExpect(jsonPath("$.timerPolicy").value("shift"))
        .andExpect(jsonPath("$.maxPause").value("PT336H"))
        .andExpect(jsonPath("$.onMaxPause").value("resume"));
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .processInstanceId(instance.getId())
                .singleResult()
                .isSuspended())
        .isTrue();

    events(OperationsModels.eventJson(j.first(), waiting));
    events(
        OperationsModels.eventJson(j.second(), waiting),
        OperationsModels.eventJson(j.start(), arriving));
    mvc.perform(get("/api/journeys/" + j.key()))
        .andExpect(jsonPath("$.held.entries").value(1))
        .andExpect(jsonPath("$.held.messages").value(2));
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(j.key()).count())
        .isEqualTo(1);
    mvc.perform(post("/api/journeys/" + j.key() + "/pause"))
        .andExpect(status().isConflict())
        .andExpect(errorBody("journey is paused"));

    mvc.perform(post("/api/journeys/" + j.key() + "/resume"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("RUNNING"))
        .andExpect(jsonPath("$.messagesDelivered").value(2))
        .andExpect(jsonPath("$.messagesUnreached").value(0))
        .andExpect(jsonPath("$.entriesStarted").value(1))
        .andExpect(jsonPath("$.timers.policy").value("SHIFT"))
        .andExpect(jsonPath("$.timers.shifted").value(1));
    // first, then second: the waiting contact's journey went through both steps and ended
    assertThat(OperationsModels.endedAt(history, instance.getId())).isEqualTo("EndEvent_Done");
    assertThat(instanceOf(j, arriving).isSuspended()).isFalse();
    mvc.perform(get("/api/journeys/" + j.key()))
        .andExpect(jsonPath("$.state").value("running"))
        .andExpect(jsonPath("$.held.entries").value(0))
        .andExpect(jsonPath("$.held.messages").value(0));
    mvc.perform(get("/api/journeys/" + j.key() + "/audit"))
        .andExpect(jsonPath("$[0].action").value("resume"))
        .andExpect(jsonPath("$[0].actor").value("demo"))
        .andExpect(jsonPath("$[1].action").value("pause"))
        .andExpect(jsonPath("$[1].detail", containsString("reason: alert: bounce rate")));
  }

  @Test
  void stopEntryRefusesNewContactsAndLetsRunningOnesGoOn() throws Exception {
    TestJourney j = OperationsModels.twoSteps(repository, Map.of());
    String inside = contact();
    String late = contact();
    events(OperationsModels.eventJson(j.start(), inside));
    mvc.perform(post("/api/journeys/" + j.key() + "/stop-entry"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("entry-stopped"));
    mvc.perform(post("/api/journeys/" + j.key() + "/stop-entry"))
        .andExpect(status().isConflict())
        .andExpect(errorBody("journey is entry_stopped"));
    events(
        OperationsModels.eventJson(j.start(), late), OperationsModels.eventJson(j.first(), inside));
    assertThat(OperationsModels.instanceCount(runtime, j, late)).isZero();
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .processDefinitionKey(j.key())
                .processInstanceBusinessKey(inside)
                .activityIdIn("Event_Second")
                .count())
        .isEqualTo(1);
    mvc.perform(get("/api/journeys/" + j.key() + "/not-entered"))
        .andExpect(jsonPath("$[0].contactId").value(late))
        .andExpect(jsonPath("$[0].reason").value("entry stopped"));
  }

  @Test
  void stopEndsEveryInstanceWithTheReasonAndCancelsItsQueuedMessage() throws Exception {
    TestJourney j = OperationsModels.oneSend(repository);
    String contact = contact();
    events(OperationsModels.eventJson(j.start(), contact));
    ProcessInstance instance = instanceOf(j, contact);
    management.executeJob(
        management
            .createJobQuery()
            .processInstanceId(instance.getId())
            .singleResult()
            .getId()); // the send step: the message goes to the outbox
    assertThat(messageStatus(instance.getId())).isEqualTo("QUEUED");

    mvc.perform(
            post("/api/journeys/" + j.key() + "/stop")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\": \"wrong coupon\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.instancesEnded").value(1));
    for (String after : new String[] {"stop", "pause", "stop-entry"}) {
      mvc.perform(post("/api/journeys/" + j.key() + "/" + after))
          .andExpect(status().isConflict())
          .andExpect(errorBody("journey is stopped"));
    }
    assertThat(messageStatus(instance.getId())).isEqualTo("CANCELLED");
    assertThat(
            history
                .createHistoricProcessInstanceQuery()
                .processInstanceId(instance.getId())
                .singleResult()
                .getDeleteReason())
        .isEqualTo("journey stopped by an operator; reason: wrong coupon");
    String late = contact();
    events(OperationsModels.eventJson(j.start(), late));
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(j.key()).count()).isZero();
    mvc.perform(get("/api/journeys/" + j.key()))
        .andExpect(jsonPath("$.state").value("stopped"))
        .andExpect(jsonPath("$.notEntered['journey stopped']").value(1));
    mvc.perform(post("/api/journeys/" + j.key() + "/resume"))
        .andExpect(jsonPath("$.state").value("RUNNING"));
    events(OperationsModels.eventJson(j.start(), late));
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(j.key()).count())
        .isEqualTo(1);
  }

  @Test
  void theRolloutTakesAStickyPercentageAndAnAttributeAndRecordsWhoIsLeftOut() throws Exception {
    TestJourney j = OperationsModels.twoSteps(repository, Map.of());
    String east = contact("华东");
    String west = contact("华南");
    mvc.perform(
            put("/api/journeys/" + j.key() + "/rollout")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"attribute\": \"region\", \"values\": [\"华东\"]}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.rollout.description").value("region in [华东]"));
    events(
        OperationsModels.eventJson(j.start(), east), OperationsModels.eventJson(j.start(), west));
    assertThat(OperationsModels.instanceCount(runtime, j, east)).isEqualTo(1);
    assertThat(OperationsModels.instanceCount(runtime, j, west)).isZero();
    mvc.perform(get("/api/journeys/" + j.key() + "/not-entered"))
        .andExpect(jsonPath("$[0].contactId").value(west))
        .andExpect(jsonPath("$[0].reason").value("outside rollout: region not in [华东]"));

    // 10 % of 华东: one contact of the region inside the bucket, one outside
    String in = null;
    String out = null;
    while (in == null || out == null) {
      String id = "c-ops-" + UUID.randomUUID();
      boolean inside = RolloutBuckets.inside(j.key(), id, BigDecimal.TEN);
      if (inside && in == null) {
        in = contact(id, "华东");
      } else if (!inside && out == null) {
        out = contact(id, "华东");
      }
    }
    mvc.perform(
            put("/api/journeys/" + j.key() + "/rollout")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"percent\": 10, \"attribute\": \"region\", \"values\": [\"华东\"]}"))
        .andExpect(jsonPath("$.rollout.description").value("10 % of region in [华东]"));
    events(OperationsModels.eventJson(j.start(), in), OperationsModels.eventJson(j.start(), out));
    assertThat(OperationsModels.instanceCount(runtime, j, in)).isEqualTo(1);
    assertThat(OperationsModels.instanceCount(runtime, j, out)).isZero();
    mvc.perform(get("/api/journeys/" + j.key()))
        .andExpect(jsonPath("$.notEntered['outside rollout: 10 %%']").value(1))
        .andExpect(jsonPath("$.notEntered['outside rollout: region not in [华东]']").value(1));
    mvc.perform(get("/api/journeys/" + j.key() + "/audit"))
        .andExpect(jsonPath("$[0].detail").value("from region in [华东] to 10 % of region in [华东]"));
  }

  @Test
  void badControlsAnswer400WithEveryReason() throws Exception {
    TestJourney j = OperationsModels.twoSteps(repository, Map.of());
    mvc.perform(
            put("/api/journeys/" + j.key() + "/rollout")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"percent\": 100.001, \"values\": [\"华东\"]}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value("invalid rollout"))
        .andExpect(
            jsonPath(
                "$.details[*].field",
                org.hamcrest.Matchers.containsInAnyOrder("percent", "attribute")));
    mvc.perform(
            post("/api/journeys/" + j.key() + "/pause")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"timerPolicy\": \"later\", \"maxPause\": \"P60D\", \"onMaxPause\": \"x\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath(
                "$.details[*].field",
                org.hamcrest.Matchers.containsInAnyOrder("timerPolicy", "maxPause", "onMaxPause")));
    mvc.perform(post("/api/journeys/" + j.key() + "/resume"))
        .andExpect(status().isConflict())
        .andExpect(errorBody("journey is running"));
  }

  @Test
  void viewersReadMarketingOperatesSalesDoesNeither() throws Exception {
    TestJourney j = OperationsModels.twoSteps(repository, Map.of());
    String viewer = user(Roles.VIEWER);
    String marketer = user(Roles.MARKETING);
    mvc.perform(get("/api/journeys/" + j.key()).header(HttpHeaders.AUTHORIZATION, basic(viewer)))
        .andExpect(status().isOk());
    mvc.perform(
            get("/api/journeys/" + j.key() + "/audit")
                .header(HttpHeaders.AUTHORIZATION, basic(viewer)))
        .andExpect(status().isOk());
    mvc.perform(
            post("/api/journeys/" + j.key() + "/pause")
                .header(HttpHeaders.AUTHORIZATION, basic(viewer)))
        .andExpect(status().isForbidden());
    mvc.perform(get("/api/journeys").header(HttpHeaders.AUTHORIZATION, basicOf("sales", "sales")))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/api/journeys/" + j.key() + "/stop-entry")
                .header(HttpHeaders.AUTHORIZATION, basic(marketer)))
        .andExpect(status().isOk());
    mvc.perform(get("/api/journeys/" + j.key() + "/audit"))
        .andExpect(jsonPath("$[0].actor").value(marketer))
        .andExpect(jsonPath("$[0].action").value("stop-entry"))
        .andExpect(jsonPath("$[0].at").isNotEmpty());
  }

  private ProcessInstance instanceOf(TestJourney j, String contact) {
    return OperationsModels.instanceOf(runtime, j, contact);
  }

  private String messageStatus(String processInstanceId) {
    return jdbc.queryForObject(
        "select status from message where process_instance_id = ?",
        String.class,
        processInstanceId);
  }

  private String contact() throws Exception {
    return contact("c-ops-" + UUID.randomUUID(), null);
  }

  private String contact(String region) throws Exception {
    return contact("c-ops-" + UUID.randomUUID(), region);
  }

  private String contact(String id, String region) throws Exception {
    String attributes = region == null ? "" : ", \"attributes\": {\"region\": \"" + region + "\"}";
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"email\": \""
                        + id
                        + "@example.com\""
                        + attributes
                        + ", \"consent\": {\"email\": {\"granted\": true}}}"))
        .andExpect(status().is2xxSuccessful());
    return id;
  }

  private ResultActions events(String... events) throws Exception {
    return mvc.perform(
            post("/api/events")
                .contentType(MediaType.APPLICATION_JSON)
                .content("[" + String.join(",", events) + "]"))
        .andExpect(status().isAccepted());
  }

  private String user(String group) {
    String id = group.replace("-", "") + UUID.randomUUID().toString().substring(0, 8);
    User user = identity.newUser(id);
    user.setPassword("password-" + id);
    identity.saveUser(user);
    identity.createMembership(id, group);
    return id;
  }

  private static String basic(String user) {
    return basicOf(user, "password-" + user);
  }

  private static String basicOf(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
