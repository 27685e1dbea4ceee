package io.journeys.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.IntegrationTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Authentication and roles on the running production shape: /api and /engine-rest per role (401,
 * 403, allowed), API tokens, Camunda authorizations through the engine REST (deployments, sales
 * tasks), the public endpoints and the rate limits.
 */
class SecurityIntegrationTest extends IntegrationTestSupport {

  @org.springframework.beans.factory.annotation.Autowired
  org.camunda.bpm.engine.ProcessEngine processEngine;

  static final String PASSWORD = "role-secret-42";

  @Autowired IdentityService identity;
  @Autowired TaskService taskService;

  @BeforeEach
  void users() {
    user("itmarketing", Roles.MARKETING);
    user("itsales", Roles.SALES);
    user("itviewer", Roles.VIEWER);
    user("itnobody", null);
  }

  private void user(String id, String group) {
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      user.setPassword(PASSWORD);
      identity.saveUser(user);
      if (group != null) {
        identity.createMembership(id, group);
      }
    }
  }

  private TestRestTemplate asRole(String user) {
    return as(user, PASSWORD);
  }

  private static HttpEntity<String> json(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(body, headers);
  }

  private static HttpEntity<String> json(String body, String bearer) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBearerAuth(bearer);
    return new HttpEntity<>(body, headers);
  }

  private static HttpHeaders from(String ip) {
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-Forwarded-For", ip);
    return headers;
  }

  private static String randomIp() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
  }

  private String contact() {
    String id = "sec-" + UUID.randomUUID();
    ResponseEntity<String> put =
        rest.exchange(
            "/api/contacts/" + id,
            HttpMethod.PUT,
            json("{\"firstName\":\"Ada\",\"email\":\"" + id + "@example.com\"}"),
            String.class);
    assertThat(put.getStatusCode().is2xxSuccessful()).as(put.toString()).isTrue();
    return id;
  }

  @Test
  void apiWithoutOrWithWrongCredentialsIs401WithChallengeAndJson() {
    ResponseEntity<Map> none = anonymous().getForEntity("/api/contacts/c-1", Map.class);
    assertThat(none.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(none.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
        .as("no Basic challenge: a browser would keep the credentials (finding 3)")
        .isEqualTo("Bearer realm=\"Journeys\"");
    assertThat(none.getBody()).containsKey("error");

    ResponseEntity<Map> wrong =
        as("it-ghost-" + UUID.randomUUID(), "nope").getForEntity("/api/contacts/c-1", Map.class);
    assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(wrong.getBody()).containsEntry("error", "invalid credentials");

    HttpHeaders badToken = new HttpHeaders();
    badToken.setBearerAuth("jrn_not-a-token");
    ResponseEntity<Map> token =
        anonymous()
            .exchange("/api/contacts/c-1", HttpMethod.GET, new HttpEntity<>(badToken), Map.class);
    assertThat(token.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void rolesOnTheRestApi() {
    String id = contact();
    // marketing: contacts, events
    assertThat(asRole("itmarketing").getForEntity("/api/contacts/" + id, Map.class).getBody())
        .containsEntry("firstName", "Ada");
    assertThat(
            asRole("itmarketing")
                .exchange(
                    "/api/contacts/" + id,
                    HttpMethod.PUT,
                    json("{\"lastName\":\"Lovelace\"}"),
                    String.class)
                .getStatusCode()
                .is2xxSuccessful())
        .isTrue();
    assertThat(
            asRole("itmarketing")
                .postForEntity(
                    "/api/events",
                    json(
                        """
        {"id":"%s","type":"login","contactId":"%s","occurredAt":"2026-11-23T08:00:00Z"}"""
                            .formatted(UUID.randomUUID(), id)),
                    Map.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.ACCEPTED);
    // the export (everybody's personal data) is for administrators only (finding 11)
    assertThat(
            asRole("itmarketing")
                .getForEntity("/api/contacts/export", String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            asRole("itmarketing")
                .getForEntity("/api/contacts/export?tag=vip", String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            rest.getForEntity("/api/contacts/export?tag=none-" + UUID.randomUUID(), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    // sales: reads the profiles of its own leads only, changes nothing
    assertThat(asRole("itsales").getForEntity("/api/contacts/" + id, Map.class).getStatusCode())
        .as("not a lead of sales yet")
        .isEqualTo(HttpStatus.FORBIDDEN);
    handToSales(id);
    assertThat(asRole("itsales").getForEntity("/api/contacts/" + id, Map.class).getStatusCode())
        .as("a lead with a task for group sales")
        .isEqualTo(HttpStatus.OK);
    ResponseEntity<Map> salesPut =
        asRole("itsales")
            .exchange(
                "/api/contacts/" + id, HttpMethod.PUT, json("{\"lastName\":\"X\"}"), Map.class);
    assertThat(salesPut.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(salesPut.getBody()).containsKey("error");
    assertThat(
            asRole("itsales")
                .exchange("/api/contacts/" + id, HttpMethod.DELETE, null, Map.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(asRole("itsales").getForEntity("/api/contacts/export", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            asRole("itsales").postForEntity("/api/events", json("[]"), Map.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    // viewer: analytics only
    assertThat(asRole("itviewer").getForEntity("/api/contacts/" + id, Map.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            asRole("itviewer")
                .getForEntity("/api/journeys/lead-nurturing/funnel", String.class)
                .getStatusCode()
                .value())
        .isNotIn(401, 403);
    assertThat(
            asRole("itviewer")
                .postForEntity(
                    "/api/journeys/lead-nurturing/enrollments",
                    json("{\"contactIds\":[]}"),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    // no group: nothing
    assertThat(asRole("itnobody").getForEntity("/api/contacts/" + id, Map.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    // tokens and actuator: admin only
    assertThat(asRole("itmarketing").getForEntity("/api/tokens", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            asRole("itmarketing").getForEntity("/actuator/metrics", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(anonymous().getForEntity("/actuator/metrics", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.getForEntity("/actuator/metrics", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(rest.getForEntity("/api/tokens", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void apiTokenIsShownOnceStoredHashedUsedAndRevoked() {
    ResponseEntity<Map> created =
        rest.postForEntity(
            "/api/tokens", json("{\"name\":\"shop\",\"groups\":[\"events-writer\"]}"), Map.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    String secret = (String) created.getBody().get("token");
    String tokenId = (String) created.getBody().get("id");
    assertThat(created.getBody())
        .containsEntry("owner", ADMIN_USER)
        .containsEntry("groups", List.of("events-writer"));
    assertThat(
            jdbc.queryForObject(
                "select token_hash from api_token where id = ?", String.class, tokenId))
        .isEqualTo(ApiTokens.sha256(secret))
        .isNotEqualTo(secret);

    String contactId = contact();
    String event =
        "{\"id\":\"%s\",\"type\":\"login\",\"contactId\":\"%s\",\"occurredAt\":\"2026-11-23T08:00:00Z\"}"
            .formatted(UUID.randomUUID(), contactId);
    assertThat(
            anonymous()
                .postForEntity("/api/events", json(event, secret), Map.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.ACCEPTED);
    HttpHeaders bearer = new HttpHeaders();
    bearer.setBearerAuth(secret);
    assertThat(
            anonymous()
                .exchange(
                    "/api/contacts/" + contactId,
                    HttpMethod.GET,
                    new HttpEntity<>(bearer),
                    Map.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            jdbc.queryForObject(
                "select last_used_at is not null from api_token where id = ?",
                Boolean.class,
                tokenId))
        .isTrue();
    List<Map<String, Object>> listed =
        rest.exchange(
                "/api/tokens",
                HttpMethod.GET,
                null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() {})
            .getBody();
    assertThat(listed)
        .anySatisfy(
            t -> {
              assertThat(t).containsEntry("id", tokenId).doesNotContainKey("token");
              assertThat(t.get("lastUsed")).isNotNull();
            });

    assertThat(
            rest.exchange("/api/tokens/" + tokenId, HttpMethod.DELETE, null, Void.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(
            anonymous()
                .postForEntity("/api/events", json(event, secret), Map.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(
            rest.exchange("/api/tokens/" + UUID.randomUUID(), HttpMethod.DELETE, null, Map.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(
            rest.postForEntity(
                    "/api/tokens",
                    json("{\"name\":\"x\",\"groups\":[\"camunda-admin\"]}"),
                    Map.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void engineRestNeedsLoginAndAppliesCamundaAuthorizations() {
    ResponseEntity<Map> none =
        anonymous().getForEntity("/engine-rest/process-definition", Map.class);
    assertThat(none.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(none.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).doesNotContain("Basic");

    assertThat(
            asRole("itmarketing")
                .getForEntity(
                    "/engine-rest/process-definition?key=lead-nurturing&maxResults=100", List.class)
                .getBody())
        .isNotEmpty();
    assertThat(
            asRole("itviewer")
                .getForEntity(
                    "/engine-rest/process-definition?key=lead-nurturing&maxResults=100", List.class)
                .getBody())
        .isNotEmpty();
    assertThat(
            asRole("itsales")
                .getForEntity("/engine-rest/process-definition?maxResults=100", List.class)
                .getBody())
        .as("no grant: an empty list, as Camunda's query semantics say")
        .isEmpty();
    assertThat(
            asRole("itnobody")
                .getForEntity("/engine-rest/deployment?maxResults=100", List.class)
                .getBody())
        .isEmpty();

    assertThat(deploy(asRole("itmarketing")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(deploy(asRole("itviewer")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(deploy(asRole("itsales")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(deploy(rest).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  private ResponseEntity<String> deploy(TestRestTemplate client) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(CrossSiteRequestGuard.HEADER, "journeys-test");
    return deploy(client, headers);
  }

  private ResponseEntity<String> deploy(TestRestTemplate client, HttpHeaders headers) {
    String xml =
        Bpmn.convertToString(
            Bpmn.createExecutableProcess("security-it-deploy")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .endEvent()
                .done());
    MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add("deployment-name", "security-it");
    form.add(
        "data",
        new ByteArrayResource(xml.getBytes()) {
          @Override
          public String getFilename() {
            return "security-it-deploy.bpmn";
          }
        });
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return client.postForEntity(
        "/engine-rest/deployment/create", new HttpEntity<>(form, headers), String.class);
  }

  /**
   * Finding 3: an attacker's page could make a browser that once logged in with Basic post a
   * deployment (code execution) or an import. Form-typed posts with Basic need a header a page
   * cannot add without CORS; cross-site and foreign-origin state changes are refused.
   */
  @Test
  void crossSiteStateChangingCallsAreRefused() {
    HttpHeaders formOnly = new HttpHeaders();
    ResponseEntity<String> asAForm = deploy(rest, formOnly);
    assertThat(asAForm.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(asAForm.getBody()).contains(CrossSiteRequestGuard.HEADER);

    HttpHeaders crossSite = new HttpHeaders();
    crossSite.set(CrossSiteRequestGuard.HEADER, "x");
    crossSite.set("Sec-Fetch-Site", "cross-site");
    assertThat(deploy(rest, crossSite).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    HttpHeaders foreign = new HttpHeaders();
    foreign.set(CrossSiteRequestGuard.HEADER, "x");
    foreign.setOrigin("https://attacker.example");
    assertThat(deploy(rest, foreign).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    HttpHeaders own = new HttpHeaders();
    own.set(CrossSiteRequestGuard.HEADER, "x");
    own.setOrigin("http://localhost:" + serverPort);
    own.set("Sec-Fetch-Site", "same-origin");
    assertThat(deploy(rest, own).getStatusCode()).isEqualTo(HttpStatus.OK);

    MultiValueMap<String, Object> csv = new LinkedMultiValueMap<>();
    csv.add(
        "file",
        new ByteArrayResource("email\nx@example.com\n".getBytes()) {
          @Override
          public String getFilename() {
            return "contacts.csv";
          }
        });
    HttpHeaders multipart = new HttpHeaders();
    multipart.setContentType(MediaType.MULTIPART_FORM_DATA);
    assertThat(
            rest.postForEntity("/api/imports", new HttpEntity<>(csv, multipart), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    HttpHeaders text = new HttpHeaders();
    text.setContentType(MediaType.TEXT_PLAIN);
    assertThat(
            rest.postForEntity("/api/events", new HttpEntity<>("[]", text), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(rest.postForEntity("/api/events", json("[]"), String.class).getStatusCode())
        .as("JSON needs a CORS preflight: not a cross-site form")
        .isNotEqualTo(HttpStatus.FORBIDDEN);
  }

  /** Finding 2: counted failures never lock a user for good; the growing delay stays. */
  @Test
  void failedLoginsNeverLockAUserForGood() {
    user("itlocked", Roles.VIEWER);
    jdbc.update(
        "update ACT_ID_USER set ATTEMPTS_ = 50, LOCK_EXP_TIME_ = null where ID_ = ?", "itlocked");
    assertThat(identity.checkPassword("itlocked", PASSWORD)).isTrue();

    assertThat(identity.checkPassword("itlocked", "wrong")).isFalse();
    assertThat(
            jdbc.queryForObject(
                "select LOCK_EXP_TIME_ from ACT_ID_USER where ID_ = ?",
                java.sql.Timestamp.class,
                "itlocked"))
        .as("the growing delay")
        .isNotNull();
    identity.unlockUser("itlocked");
  }

  @Autowired RolesInitializer roles;

  @Test
  void theConfiguredAdminIsUnlockedAtStartUp() {
    jdbc.update(
        "update ACT_ID_USER set ATTEMPTS_ = 10, LOCK_EXP_TIME_ = ? where ID_ = ?",
        java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(3600)),
        ADMIN_USER);
    assertThat(identity.checkPassword(ADMIN_USER, ADMIN_PASSWORD)).isFalse();
    roles.createRoles();
    assertThat(identity.checkPassword(ADMIN_USER, ADMIN_PASSWORD)).isTrue();
  }

  /** Finding 7: viewer and marketing read no variables (personal data) through the engine REST. */
  @Test
  void viewerAndMarketingReadNoVariables() {
    String id = contact();
    handToSales(id);
    Task task = taskService.createTaskQuery().processInstanceBusinessKey(id).singleResult();
    taskService.setVariableLocal(task.getId(), "leadEmail", id + "@example.com");
    // the variables of this contact's instance: every lead of the shared database has one, and
    // the first 2,000 of them (in no stated order) need not hold this one
    String runtime =
        "/engine-rest/variable-instance?variableName=leadEmail&maxResults=100&processInstanceIdIn="
            + task.getProcessInstanceId();
    String history =
        "/engine-rest/history/variable-instance?variableName=leadEmail&maxResults=100"
            + "&processInstanceIdIn="
            + task.getProcessInstanceId();
    for (String role : List.of("itviewer", "itmarketing")) {
      assertThat(asRole(role).getForObject(runtime, String.class)).as(role).doesNotContain(id);
      assertThat(asRole(role).getForObject(history, String.class)).as(role).doesNotContain(id);
    }
    assertThat(rest.getForObject(history, String.class)).as("admin").contains(id);
    assertThat(
            asRole("itsales")
                .getForObject("/engine-rest/task/" + task.getId() + "/variables", String.class))
        .as("sales, on its own task")
        .contains(id + "@example.com");
  }

  @Test
  void salesSeesOnlyTasksOfGroupSales() {
    String salesTask = standaloneTask(Roles.SALES);
    String otherTask = standaloneTask("customer-service");
    try {
      List<Map<String, Object>> seen =
          asRole("itsales")
              .exchange(
                  "/engine-rest/task?maxResults=500",
                  HttpMethod.GET,
                  null,
                  new ParameterizedTypeReference<List<Map<String, Object>>>() {})
              .getBody();
      // every task sales sees is one of group sales (the first 500 of the shared database's)
      assertThat(seen).isNotEmpty();
      for (Map<String, Object> task : seen) {
        assertThat(taskService.getIdentityLinksForTask((String) task.get("id")))
            .extracting(IdentityLink::getGroupId)
            .contains(Roles.SALES);
      }
      // the two tasks of this test by id: the first page of every task of the shared database
      // (in no stated order) need not hold them
      String both = "/engine-rest/task?maxResults=10&taskIdIn=" + salesTask + "," + otherTask;
      assertThat(tasks(asRole("itsales"), both))
          .extracting(t -> t.get("id"))
          .containsExactly(salesTask);
      assertThat(tasks(asRole("itmarketing"), both)).isEmpty();
      assertThat(tasks(rest, both))
          .extracting(t -> t.get("id"))
          .containsExactlyInAnyOrder(salesTask, otherTask);
      // the "All tasks" filter is readable by sales, and answers only its tasks
      List<Map<String, Object>> filters =
          asRole("itsales")
              .exchange(
                  "/engine-rest/filter?maxResults=100",
                  HttpMethod.GET,
                  null,
                  new ParameterizedTypeReference<List<Map<String, Object>>>() {})
              .getBody();
      assertThat(filters)
          .extracting(f -> f.get("name"))
          .containsExactly(RolesInitializer.ALL_TASKS);
    } finally {
      taskService.deleteTask(salesTask, true);
      taskService.deleteTask(otherTask, true);
    }
  }

  private static List<Map<String, Object>> tasks(TestRestTemplate client, String path) {
    ResponseEntity<List<Map<String, Object>>> answer =
        client.exchange(
            path,
            HttpMethod.GET,
            null,
            new ParameterizedTypeReference<List<Map<String, Object>>>() {});
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }

  private String standaloneTask(String group) {
    Task task = taskService.newTask("sec-" + UUID.randomUUID());
    task.setName("security test task for " + group);
    taskService.saveTask(task);
    taskService.addCandidateGroup(task.getId(), group);
    return task.getId();
  }

  @Test
  void publicEndpointsAndWebappsNeedNoLogin() {
    String ip = randomIp();
    assertThat(anonymous().getForEntity("/actuator/health", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(anonymous().getForEntity("/actuator/info", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(
            anonymous()
                .exchange(
                    "/t/o/not-a-token", HttpMethod.GET, new HttpEntity<>(from(ip)), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(
            anonymous()
                .exchange(
                    "/u/not-a-token", HttpMethod.POST, new HttpEntity<>(from(ip)), String.class)
                .getStatusCode())
        .as("no CSRF token needed")
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(anonymous().getForEntity("/camunda/app/tasklist/", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    ResponseEntity<String> engines =
        anonymous().getForEntity("/camunda/api/engine/engine/", String.class);
    assertThat(engines.getStatusCode())
        .as("the webapps' own API, before their login")
        .isEqualTo(HttpStatus.OK);
    assertThat(engines.getBody()).contains("default");
  }

  @Test
  void publicEndpointsAreRateLimitedPerClient() {
    String ip = randomIp();
    HttpEntity<Void> request = new HttpEntity<>(from(ip));
    ResponseEntity<String> last = null;
    for (int i = 0; i < 121; i++) {
      last = anonymous().exchange("/t/o/not-a-token", HttpMethod.GET, request, String.class);
      if (i < 120) {
        assertThat(last.getStatusCode()).as("request %d", i).isEqualTo(HttpStatus.BAD_REQUEST);
      }
    }
    assertThat(last.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(Long.parseLong(last.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isPositive();
    assertThat(
            anonymous()
                .exchange(
                    "/t/o/not-a-token",
                    HttpMethod.GET,
                    new HttpEntity<>(from(randomIp())),
                    String.class)
                .getStatusCode())
        .as("another client")
        .isEqualTo(HttpStatus.BAD_REQUEST);
  }

  /** Finding 5: a percent-encoded spelling of a public path counts against the same limit. */
  @Test
  void theRateLimitCountsEncodedSpellingsOfThePath() {
    String ip = randomIp();
    HttpEntity<Void> request = new HttpEntity<>(from(ip));
    java.net.URI encoded =
        java.net.URI.create("http://localhost:" + serverPort + "/%74/o/not-a-token");
    for (int i = 0; i < 120; i++) {
      ResponseEntity<String> answer =
          i % 2 == 0
              ? anonymous().exchange("/t/o/not-a-token", HttpMethod.GET, request, String.class)
              : anonymous().exchange(encoded, HttpMethod.GET, request, String.class);
      assertThat(answer.getStatusCode()).as("request %d", i).isEqualTo(HttpStatus.BAD_REQUEST);
    }
    assertThat(anonymous().exchange(encoded, HttpMethod.GET, request, String.class).getStatusCode())
        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
  }

  /** Finding 4: public bodies are capped before anything reads them. */
  @Test
  void publicBodiesAreCappedAndLargeMultipartOnlyOnImports() {
    HttpHeaders headers = from(randomIp());
    headers.setContentType(MediaType.APPLICATION_JSON);
    byte[] big = new byte[(int) RequestBodyLimits.PUBLIC_MAX + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    ResponseEntity<Map> hook =
        anonymous().postForEntity("/hooks/test", new HttpEntity<>(big, headers), Map.class);
    assertThat(hook.getStatusCode().value()).isEqualTo(413);
    assertThat(hook.getBody()).containsKey("error");

    HttpHeaders multipart = from(randomIp());
    multipart.setContentType(MediaType.parseMediaType("multipart/form-data; boundary=b"));
    byte[] form =
        ("--b\r\nContent-Disposition: form-data; name=\"data\"; filename=\"big.csv\"\r\n\r\n"
                + " ".repeat((int) RequestBodyLimits.PUBLIC_MAX)
                + "\r\n--b--\r\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.net.URI encoded = java.net.URI.create("http://localhost:" + serverPort + "/%6Fptin/x");
    assertThat(
            anonymous()
                .exchange(encoded, HttpMethod.POST, new HttpEntity<>(form, multipart), String.class)
                .getStatusCode()
                .value())
        .isEqualTo(413);
  }

  @Test
  void failedLoginsAreRateLimitedPerClientAndUser() {
    HttpHeaders headers = from(randomIp());
    String ghost = "it-ghost-" + UUID.randomUUID();
    headers.setBasicAuth(ghost, "wrong");
    for (int i = 0; i < 10; i++) {
      assertThat(
              anonymous()
                  .exchange(
                      "/api/contacts/c-1", HttpMethod.GET, new HttpEntity<>(headers), String.class)
                  .getStatusCode())
          .isEqualTo(HttpStatus.UNAUTHORIZED);
    }
    ResponseEntity<Map> blocked =
        anonymous()
            .exchange("/api/contacts/c-1", HttpMethod.GET, new HttpEntity<>(headers), Map.class);
    assertThat(blocked.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(blocked.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
    assertThat(blocked.getBody()).containsKey("error");
  }

  /** Gives the contact a running instance with a task for group sales (business key = contact). */
  private void handToSales(String contactId) {
    org.camunda.bpm.engine.RepositoryService repository = processEngine.getRepositoryService();
    if (repository.createProcessDefinitionQuery().processDefinitionKey("it-sales-lead").count()
        == 0) {
      repository
          .createDeployment()
          .addModelInstance(
              "it-sales-lead.bpmn",
              org.camunda.bpm.model.bpmn.Bpmn.createExecutableProcess("it-sales-lead")
                  .camundaHistoryTimeToLive(1)
                  .startEvent()
                  .userTask("Task_Call")
                  .camundaCandidateGroups(Roles.SALES)
                  .endEvent()
                  .done())
          .deploy();
    }
    processEngine.getRuntimeService().startProcessInstanceByKey("it-sales-lead", contactId);
  }
}
