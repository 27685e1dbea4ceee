package io.journeys.campaign;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.contact.H2SpringTest;
import io.journeys.security.Roles;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code /api/campaigns} on H2: CRUD, every validation problem at once, who may read and edit, and
 * the results of a campaign against figures computed by hand. The linked journey is a process
 * deployed by this test under a key of its own, so other tests' instances and messages do not
 * count; its instances start at fixed times through the engine clock.
 */
@H2SpringTest
class CampaignApiTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcTemplate jdbc;
  @Autowired IdentityService identity;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  final ObjectMapper json = new ObjectMapper();

  String journey;
  String viewer;

  @BeforeEach
  void setUp() {
    journey = "campaign-test-" + UUID.randomUUID().toString().substring(0, 8);
    repository
        .createDeployment()
        .addModelInstance(
            journey + ".bpmn",
            Bpmn.createExecutableProcess(journey)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask()
                .endEvent()
                .done())
        .deploy();
    viewer = "viewer" + UUID.randomUUID().toString().substring(0, 8);
    User user = identity.newUser(viewer);
    user.setPassword("viewer-password");
    identity.saveUser(user);
    identity.createMembership(viewer, Roles.VIEWER);
  }

  String body(String name) {
    return """
        {"name": "%s", "startsOn": "2020-06-01", "endsOn": "2020-06-30",
         "timezone": "Asia/Shanghai", "owner": "市场部-张*", "goal": "新品销量突破5000件",
         "audienceSize": 10000, "budget": 100, "currency": "CNY",
         "kpiTargets": [{"metric": "roi", "target": 3}, {"metric": "cpa", "target": 4}],
         "phases": [
           {"name": "策划", "owner": "市场部-张*", "startsOn": "2020-05-01", "endsOn": "2020-05-10",
            "actions": "确定活动方案", "materials": [{"name": "活动策划文档", "dueOn": "2020-05-10"}],
            "budget": 0},
           {"name": "爆发", "owner": "短信组-赵*", "channels": ["sms"], "actions": "限时优惠券短信",
            "materials": [{"name": "短信文案", "dueOn": "2020-05-30"}], "budget": 60}],
         "journeys": ["%s"], "segments": ["dormant"],
         "unitCosts": {"smsPerMessage": 0.05, "emailPerThousand": 30, "wecomPerMessage": 0.1}}
        """
        .formatted(name, journey);
  }

  String create(String name) throws Exception {
    String answer =
        mvc.perform(
                post("/api/campaigns").contentType(MediaType.APPLICATION_JSON).content(body(name)))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);
    return json.readTree(answer).get("id").asText();
  }

  @Test
  void createReadListReplaceDelete() throws Exception {
    String id = create("618年中大促");

    mvc.perform(get("/api/campaigns/" + id))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.name").value("618年中大促"))
        .andExpect(jsonPath("$.phases[1].name").value("爆发"))
        .andExpect(jsonPath("$.phases[0].materials[0].dueOn").value("2020-05-10"))
        .andExpect(jsonPath("$.unitCosts.emailPerThousand").value(30))
        .andExpect(jsonPath("$.createdBy").value("demo"));
    mvc.perform(get("/api/campaigns"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[*].id", hasItem(id)));
    mvc.perform(
            put("/api/campaigns/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body("618 (renamed)")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(id))
        .andExpect(jsonPath("$.name").value("618 (renamed)"));
    mvc.perform(get("/api/campaigns/" + id)).andExpect(jsonPath("$.name").value("618 (renamed)"));
    mvc.perform(delete("/api/campaigns/" + id)).andExpect(status().isNoContent());
    mvc.perform(get("/api/campaigns/" + id)).andExpect(status().isNotFound());
    mvc.perform(delete("/api/campaigns/" + id)).andExpect(status().isNotFound());
  }

  @Test
  void invalidCampaignsAnswer400WithEveryProblem() throws Exception {
    mvc.perform(
            post("/api/campaigns")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
            {"startsOn": "2020-06-30", "endsOn": "2020-06-01", "timezone": "Mars/Base",
             "budget": 10, "currency": "yuan", "audienceSize": -1,
             "kpiTargets": [{"metric": "happiness", "target": 1}, {"metric": "roi"}],
             "phases": [{"owner": "x", "budget": 11}],
             "journeys": ["no-such-journey", "a b"], "segments": ["-x"],
             "unitCosts": {"smsPerMessage": -0.05}}
            """))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.error").value("invalid campaign"))
        .andExpect(
            jsonPath(
                "$.details[*].field",
                hasItems(
                    "name",
                    "endsOn",
                    "timezone",
                    "currency",
                    "audienceSize",
                    "kpiTargets[0].metric",
                    "kpiTargets[1].target",
                    "phases[0].name",
                    "phases",
                    "journeys",
                    "segments",
                    "unitCosts.smsPerMessage")))
        .andExpect(
            jsonPath(
                "$.details[*].reason",
                hasItem("no journey (process key) 'no-such-journey' is deployed")))
        .andExpect(
            jsonPath(
                "$.details[*].reason",
                hasItem("the phases' budgets (11) exceed the campaign's budget (10)")));
    mvc.perform(
            post("/api/campaigns")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"x\", \"startsOn\": \"June\"}"))
        .andExpect(status().isBadRequest());
  }

  @Test
  void viewersReadMarketingEditsSalesNeither() throws Exception {
    String id = create("read me");
    mvc.perform(
            get("/api/campaigns/" + id)
                .header(HttpHeaders.AUTHORIZATION, basic(viewer, "viewer-password")))
        .andExpect(status().isOk());
    mvc.perform(
            get("/api/campaigns/" + id + "/results")
                .header(HttpHeaders.AUTHORIZATION, basic(viewer, "viewer-password")))
        .andExpect(status().isOk());
    mvc.perform(
            post("/api/campaigns")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body("no"))
                .header(HttpHeaders.AUTHORIZATION, basic(viewer, "viewer-password")))
        .andExpect(status().isForbidden());
    mvc.perform(
            delete("/api/campaigns/" + id)
                .header(HttpHeaders.AUTHORIZATION, basic(viewer, "viewer-password")))
        .andExpect(status().isForbidden());
    mvc.perform(get("/api/campaigns").header(HttpHeaders.AUTHORIZATION, basic("sales", "sales")))
        .andExpect(status().isForbidden());
    String marketer = "marketer" + UUID.randomUUID().toString().substring(0, 8);
    User user = identity.newUser(marketer);
    user.setPassword("marketing-password");
    identity.saveUser(user);
    identity.createMembership(marketer, Roles.MARKETING);
    mvc.perform(
            put("/api/campaigns/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body("edited by marketing"))
                .header(HttpHeaders.AUTHORIZATION, basic(marketer, "marketing-password")))
        .andExpect(status().isOk());
  }

  @Test
  void resultsFollowFromSendsEntriesAndOrders() throws Exception {
    // period 2020-06-01..30 in Asia/Shanghai = [2020-05-31T16:00Z, 2020-06-30T16:00Z)
    messages("sms", "SENT", 40, "2020-06-02T00:00:00Z"); // 40 x 0.05 = 2.00
    messages("email", "SENT", 200, "2020-06-03T00:00:00Z"); // 200 x 30 / 1000 = 6.00
    messages("wecom", "SENT", 20, "2020-06-04T00:00:00Z"); // 20 x 0.1 = 2.00
    messages("email", "SANDBOX", 5, "2020-06-04T00:00:00Z"); // not priced
    messages("sms", "SENT", 3, "2020-05-31T15:59:59Z"); // before the period
    messages("sms", "SKIPPED", 9, "2020-06-04T00:00:00Z"); // not sent
    enter("c-a", "2020-06-10T00:00:00Z");
    enter("c-a", "2020-06-20T00:00:00Z");
    enter("c-b", "2020-06-10T00:00:00Z");
    enter("c-c", "2020-06-10T00:00:00Z");
    enter("c-d", "2020-05-20T00:00:00Z"); // before the period
    order("c-a", "2020-06-05T00:00:00Z", "{\"amount\": 20}"); // before c-a entered
    order("c-a", "2020-06-12T00:00:00Z", "{\"amount\": 30, \"currency\": \"CNY\"}");
    order("c-b", "2020-06-15T00:00:00Z", "{\"amount\": \"15.50\"}");
    order("c-b", "2020-06-16T00:00:00Z", "{\"amount\": 4.5}");
    order("c-c", "2020-06-17T00:00:00Z", "{\"amount\": 100, \"currency\": \"USD\"}");
    order("c-d", "2020-06-17T00:00:00Z", "{\"amount\": 999}"); // entered before
    order("c-a", "2020-06-30T16:00:00Z", "{\"amount\": 1000}"); // after the period
    String id = create("results");

    mvc.perform(get("/api/campaigns/" + id + "/results"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.from").value("2020-05-31T16:00:00Z"))
        .andExpect(jsonPath("$.to").value("2020-06-30T16:00:00Z"))
        .andExpect(jsonPath("$.messagesSent").value(260))
        .andExpect(jsonPath("$.channels[?(@.channel=='email')].sandbox").value(5))
        .andExpect(jsonPath("$.cost").value(10.00))
        .andExpect(jsonPath("$.entries").value(3))
        .andExpect(jsonPath("$.orders").value(3))
        .andExpect(jsonPath("$.ordersInOtherCurrencies").value(1))
        .andExpect(jsonPath("$.conversions").value(2))
        .andExpect(jsonPath("$.revenue").value(50.00))
        .andExpect(jsonPath("$.roi").value(4.0)) // (50 - 10) / 10
        .andExpect(jsonPath("$.cpa").value(5.0)) // 10 / 2
        .andExpect(jsonPath("$.conversionRate").value(0.6667))
        .andExpect(jsonPath("$.kpis[0].met").value(true))
        .andExpect(jsonPath("$.kpis[1].actual").value(5.0))
        .andExpect(jsonPath("$.kpis[1].met").value(false));
  }

  @Test
  void aCampaignWithoutSendsHasNoRoiOrCpa() throws Exception {
    String id = create("quiet");
    mvc.perform(get("/api/campaigns/" + id + "/results"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.cost").value(0))
        .andExpect(jsonPath("$.roi").value(nullValue()))
        .andExpect(jsonPath("$.cpa").value(nullValue()))
        .andExpect(jsonPath("$.conversionRate").value(nullValue()))
        .andExpect(jsonPath("$.kpis[0].actual").value(nullValue()))
        .andExpect(jsonPath("$.kpis[0].met").value(nullValue()));
  }

  private void messages(String channel, String status, int count, String at) {
    for (int i = 0; i < count; i++) {
      jdbc.update(
          "insert into message (id, idempotency_key, contact_id, channel, template, status,"
              + " created_at, sent_at, journey_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          UUID.randomUUID().toString(),
          UUID.randomUUID().toString(),
          "c-campaign",
          channel,
          "lead-welcome",
          status,
          Instant.parse(at).atOffset(ZoneOffset.UTC),
          "SENT".equals(status) || "SANDBOX".equals(status)
              ? Instant.parse(at).atOffset(ZoneOffset.UTC)
              : null,
          journey);
    }
  }

  private void enter(String contact, String at) {
    ClockUtil.setCurrentTime(Date.from(Instant.parse(at)));
    try {
      runtime.startProcessInstanceByKey(journey, contact + "-" + journey);
    } finally {
      ClockUtil.reset();
    }
  }

  private void order(String contact, String at, String properties) {
    jdbc.update(
        "insert into event (id, type, contact_id, occurred_at, received_at, properties)"
            + " values (?, 'order.placed', ?, ?, ?, ?)",
        UUID.randomUUID().toString(),
        contact + "-" + journey,
        Instant.parse(at).atOffset(ZoneOffset.UTC),
        Instant.parse(at).atOffset(ZoneOffset.UTC),
        properties);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
