package io.journeys.console;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.security.Roles;
import io.journeys.support.HeadlessChromium;
import io.journeys.support.IntegrationTestSupport;
import io.journeys.support.ProcessProperties;
import io.journeys.support.ScanOrder;
import io.journeys.support.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The marketer's console in a real browser (Debian's headless {@code chromium} and {@code
 * chromedriver}, as {@code HandToSalesBrowserIntegrationTest}): with generated data — a journey
 * with an A/B split and an email entered by four contacts, opens and an order, a segment — a
 * marketer logs in, opens every page, creates a campaign and schedules a broadcast through the
 * forms; a viewer opens every page and finds no edit control, and its POST is refused. On every
 * page each chart drew (a canvas with pixels, the diagram an SVG with its steps and the funnel
 * overlays) and the browser console has no error. A screenshot of each page lands in {@code
 * target/console-screenshots/}.
 *
 * <p>Without Chromium the test is skipped, unless {@code JOURNEYS_REQUIRE_BROWSER=true} (CI).
 */
class ConsoleBrowserIntegrationTest extends IntegrationTestSupport {

  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  @Autowired IdentityService identityService;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;

  private final ObjectMapper json = new ObjectMapper();
  private final String key = "console-it-" + UUID.randomUUID().toString().substring(0, 8);
  private WebDriver browser;

  @BeforeEach
  void startBrowser() throws Exception {
    browser = HeadlessChromium.start(1400, 1400);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterEach
  void stopBrowserAndCleanUp() {
    if (browser != null) {
      browser.quit();
    }
    repository.createDeploymentQuery().deploymentName(key).list().stream()
        .forEach(d -> repository.deleteDeployment(d.getId(), true));
  }

  @Test
  void marketingAndViewerOpenEveryPageWithData() throws Exception {
    List<String> contacts = generateData();
    String marketer = user(Roles.MARKETING);
    String viewer = user(Roles.VIEWER);

    login(marketer);
    List<String> pages =
        List.of(
            "/console/overview",
            "/console/journeys",
            "/console/journeys/" + key,
            "/console/analytics",
            "/console/campaigns",
            "/console/broadcasts",
            "/console/segments",
            "/console/import",
            "/console/contacts?id=" + contacts.get(0)); // last: its page is checked below
    for (String page : pages) {
      open(page, "marketing");
    }
    assertThat(browser.getPageSource()).contains("onboarding-welcome").contains(key);
    seedKpisInBothLanguages();

    // a campaign through the form
    open("/console/campaigns/new", "marketing-campaign-form");
    String campaign = "Console 618 " + key;
    field("name").sendKeys(campaign);
    date("startsOn", LocalDate.now());
    date("endsOn", LocalDate.now().plusDays(30));
    field("budget").sendKeys("1000");
    field("journeys").sendKeys(key);
    field("emailPerThousand").sendKeys("50");
    browser.findElement(By.cssSelector("form.edit button[type=submit]")).click();
    new WebDriverWait(browser, Waits.CEILING)
        .until(d -> d.getCurrentUrl().endsWith("/console/campaigns"));
    assertThat(browser.getPageSource()).contains(campaign);
    checkPage("marketing-campaign-created");
    campaignCostCpaAndRoi(campaign);

    // a broadcast to the segment through the form
    open("/console/broadcasts", "marketing-broadcasts-before");
    field("name").sendKeys("Console broadcast " + key);
    field("segment").sendKeys(key);
    field("template").sendKeys("onboarding-welcome");
    date("date", LocalDate.now().plusDays(10));
    browser.findElement(By.cssSelector("form.edit button[type=submit]")).click();
    new WebDriverWait(browser, Waits.CEILING)
        .until(d -> d.getCurrentUrl().endsWith("/console/broadcasts"));
    assertThat(broadcastStatus("Console broadcast " + key)).isEqualTo("SCHEDULED");
    checkPage("marketing-broadcast-scheduled");
    // and cancelled
    browser
        .findElement(
            By.xpath(
                "//form[contains(@class,'cancel')][contains(., 'Console broadcast "
                    + key
                    + "')]//button"))
        .click();
    // the row of this broadcast: the page lists the latest broadcasts of every test
    new WebDriverWait(browser, Waits.CEILING)
        .until(d -> "CANCELLED".equals(broadcastStatus("Console broadcast " + key)));
    checkPage("marketing-broadcast-cancelled");

    // contacts imported from a CSV file: upload, the preselected mapping, the report
    Path csv = Files.createTempFile("console-import-", ".csv");
    Files.writeString(
        csv, "客户编号,邮箱\n" + key + "-imported,imported@example.com\n" + key + "-bad,nope\n");
    try {
      open("/console/import", "marketing-import");
      browser
          .findElement(By.cssSelector("form.upload input[type=file]"))
          .sendKeys(csv.toAbsolutePath().toString());
      browser.findElement(By.cssSelector("form.upload button[type=submit]")).click();
      new WebDriverWait(browser, Waits.CEILING)
          .until(d -> !d.findElements(By.cssSelector("form.mapping select")).isEmpty());
      checkPage("marketing-import-mapping");
      browser.findElement(By.cssSelector("form.mapping button[type=submit]")).click();
      new WebDriverWait(browser, Waits.CEILING)
          .until(d -> d.findElements(By.xpath("//strong[.='completed']")).size() > 0);
      assertThat(browser.getPageSource()).contains("email: not a valid email address");
      checkPage("marketing-import-report");
    } finally {
      Files.deleteIfExists(csv);
    }
    logout();

    login(viewer);
    for (String page : pages) {
      open(page, "viewer");
      assertThat(
              browser.findElements(By.cssSelector("form.edit, form.cancel, form.upload, a.edit")))
          .as("edit controls on " + page)
          .isEmpty();
      assertThat(browser.findElements(By.cssSelector("a[href*='/edit']"))).isEmpty();
    }
    // a viewer's POST with a valid CSRF token is refused (after the error checks: the 403 is
    // logged by the browser)
    Object status =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "const token = document.querySelector('form.logout input[name=_csrf]').value;"
                    + "fetch('/console/campaigns', {method: 'POST', headers: {'Content-Type':"
                    + " 'application/x-www-form-urlencoded'}, body: '_csrf=' +"
                    + " encodeURIComponent(token) + '&name=x&startsOn=2026-01-01&endsOn=2026-01-02'"
                    + "}).then(r => done(r.status), e => done(String(e)));");
    assertThat(status).isEqualTo(403L);
  }

  /**
   * Every seed KPI on a console page, in English and in Chinese (docs/console.md "Every seed KPI"):
   * 触达量, 打开率, 点击率, 转化量/转化率, 转化成本, ROI, 退回率 on the overview and the channel metrics (转化成本 and ROI
   * "no data yet": the integration suite configures no prices), 节点通过率 on the journey's page,
   * attribution 末次/线性 and the experiment with its arms and status, the alert rules. The test
   * journey's figures by hand: 4 entries, 1 conversion (25.0 %), 80.00.
   */
  private void seedKpisInBothLanguages() throws Exception {
    Map<String, List<String>> labels =
        Map.of(
            "en",
            List.of(
                "Sent (reach)",
                "Open rate",
                "Click rate",
                "Conversions",
                "Conversion rate",
                "Cost per conversion",
                "ROI",
                "Bounce rate"),
            "zh-CN",
            List.of("触达量", "打开率", "点击率", "转化量", "转化率", "转化成本", "ROI", "退回率"));
    for (String lang : List.of("en", "zh-CN")) {
      openIn("/console/overview", lang, "kpis-overview-" + lang);
      for (String label : labels.get(lang)) {
        assertThat(headers("kpis")).as("overview " + lang).anyMatch(h -> h.startsWith(label));
      }
      assertThat(browser.getPageSource()).contains("en".equals(lang) ? "Alert rules" : "告警规则");
      assertThat(rows("alert-rules"))
          .extracting(r -> r.get(0))
          .contains("email-bounce-rate", "sms-failure-rate", "journey-error-rate");
      List<String> month = rows("kpis").get(2); // today, 7 days, 30 days
      assertThat(Long.parseLong(month.get(1))).as("sent, 30 days").isGreaterThanOrEqualTo(4);
      assertThat(Long.parseLong(month.get(6))).as("conversions, 30 days").isGreaterThanOrEqualTo(1);
      String noData = "en".equals(lang) ? "no data yet" : "暂无数据";
      assertThat(month.subList(9, 12)).as("cost, CPA, ROI without prices").containsOnly(noData);

      openIn("/console/analytics", lang, "kpis-analytics-" + lang);
      for (String label : labels.get(lang)) {
        assertThat(headers("channel-metrics"))
            .as("analytics " + lang)
            .anyMatch(h -> h.startsWith(label));
      }
      List<List<String>> arms =
          rows("experiments").stream().filter(r -> r.get(0).equals(key + "-subject")).toList();
      // the split is by a hash of contact and experiment key (random per run): the four contacts
      // may all land in one arm, so the page must show exactly the arms they were assigned
      List<String> assigned =
          runtime.createProcessInstanceQuery().processDefinitionKey(key).list().stream()
              .map(pi -> (String) runtime.getVariable(pi.getId(), "experimentArm"))
              .distinct()
              .toList();
      assertThat(assigned).isNotEmpty().allMatch(arm -> arm.equals("a") || arm.equals("b"));
      assertThat(arms).extracting(r -> r.get(1)).containsExactlyInAnyOrderElementsOf(assigned);
      assertThat(arms.stream().mapToLong(r -> Long.parseLong(r.get(2))).sum()).isEqualTo(4);
      assertThat(arms.stream().mapToLong(r -> Long.parseLong(r.get(3))).sum()).isEqualTo(1);
      assertThat(arms)
          .extracting(r -> r.get(9))
          .containsOnly(
              "en".equals(lang)
                  ? "collecting: fewer than 1000 contacts per arm, no winner yet"
                  : "样本收集中：每组不足 1000 人，暂不判定胜出组");
      assertThat(headers("attribution"))
          .anyMatch(h -> h.startsWith("last ·"))
          .anyMatch(h -> h.startsWith("linear ·"));

      openIn("/console/journeys", lang, "kpis-journeys-" + lang);
      List<String> journey =
          rows("journeys").stream().filter(r -> r.get(0).equals(key)).findFirst().orElseThrow();
      assertThat(journey.subList(5, 8)).containsExactly("4", "1", "25.0%");
      assertThat(new java.math.BigDecimal(journey.get(8))).isEqualByComparingTo("80");

      openIn("/console/journeys/" + key, lang, "kpis-journey-" + lang);
      assertThat(headers("funnel"))
          .contains("en".equals(lang) ? "Pass rate (node pass rate)" : "节点通过率");
      List<String> send =
          rows("funnel").stream()
              .filter(r -> r.get(0).equals("SendWelcome"))
              .findFirst()
              .orElseThrow();
      assertThat(send.subList(1, 3)).containsExactly("4", "4");
      assertThat(send.get(5)).isEqualTo("100.0%");
    }
  }

  /**
   * The campaign made through the form (50 per thousand emails, the test journey): 4 emails x 50 /
   * 1000 = 0.20; revenue 80.00 of 1 conversion among 4 entries (25.0 %); ROI (80 - 0.20) / 0.20 =
   * 399; CPA 0.20 / 1 = 0.20 — in English and in Chinese.
   */
  private void campaignCostCpaAndRoi(String campaign) throws Exception {
    for (String lang : List.of("en", "zh-CN")) {
      openIn("/console/campaigns", lang, "kpis-campaigns-" + lang);
      assertThat(headers("campaigns"))
          .contains("ROI", "en".equals(lang) ? "CPA (cost per conversion)" : "转化成本（CPA）");
      List<String> row =
          rows("campaigns").stream()
              .filter(r -> r.get(0).equals(campaign))
              .findFirst()
              .orElseThrow();
      // cost, revenue, conversions, conversion rate, ROI, CPA
      assertThat(row.subList(4, 10))
          .containsExactly("0.20", "80.00", "1", "25.0%", "399.0000", "0.20");
    }
  }

  /** Opens a page in a language, checks it like {@link #open} and saves its screenshot. */
  private void openIn(String path, String lang, String name) throws Exception {
    browser.get("http://localhost:" + serverPort + path + "?lang=" + lang);
    checkPage(name);
  }

  /** The status cell of the broadcast named {@code name} on the broadcasts page; null if absent. */
  private String broadcastStatus(String name) {
    return rows("broadcasts").stream()
        .filter(r -> r.size() > 5 && r.get(1).equals(name))
        .map(r -> r.get(5))
        .findFirst()
        .orElse(null);
  }

  /** The column labels of the page's table {@code id}. */
  private List<String> headers(String id) {
    return browser.findElements(By.cssSelector("table[data-table='" + id + "'] thead th")).stream()
        .map(WebElement::getText)
        .map(String::trim)
        .toList();
  }

  /** The cells' text of the page's table {@code id}, row by row. */
  private List<List<String>> rows(String id) {
    return browser.findElements(By.cssSelector("table[data-table='" + id + "'] tbody tr")).stream()
        .map(
            tr ->
                tr.findElements(By.tagName("td")).stream()
                    .map(WebElement::getText)
                    .map(String::trim)
                    .toList())
        .toList();
  }

  /** Opens a page, checks it drew and logged no error, and saves its screenshot. */
  private void open(String path, String role) throws Exception {
    browser.get(
        "http://localhost:" + serverPort + path + (path.contains("?") ? "&" : "?") + "lang=en");
    String name = role + path.replaceAll("[^A-Za-z0-9]+", "-");
    checkPage(name);
  }

  private void checkPage(String name) throws Exception {
    WebDriverWait wait = new WebDriverWait(browser, Waits.CEILING);
    try {
      assertThat(browser.findElements(By.cssSelector("nav a[href*='/camunda/app/cockpit/']")))
          .isNotEmpty();
      for (WebElement chart : browser.findElements(By.cssSelector(".chart[data-option]"))) {
        wait.until(d -> "true".equals(chart.getDomAttribute("data-drawn")));
        Object painted =
            ((JavascriptExecutor) browser)
                .executeScript(
                    "const c = arguments[0].querySelector('canvas');"
                        + "if (!c || !c.width) return 0;"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++;"
                        + "return n;",
                    chart);
        assertThat(((Number) painted).longValue()).as("painted pixels of a chart").isPositive();
      }
      for (WebElement diagram : browser.findElements(By.cssSelector(".diagram[data-xml]"))) {
        wait.until(
            d ->
                "true".equals(diagram.getDomAttribute("data-drawn"))
                    || diagram.getDomAttribute("data-error") != null);
        assertThat(diagram.getDomAttribute("data-error")).isNull();
        assertThat(diagram.findElements(By.cssSelector("svg .djs-element.djs-shape")))
            .hasSizeGreaterThan(3);
        assertThat(diagram.findElements(By.cssSelector(".funnel-overlay"))).isNotEmpty();
      }
      List<String> errors = new ArrayList<>();
      for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
        if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
          errors.add(entry.getMessage());
        }
      }
      assertThat(errors).as("browser console errors on " + name).isEmpty();
    } finally {
      Files.write(
          SCREENSHOTS.resolve(name + ".png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
  }

  private WebElement field(String name) {
    return browser.findElement(By.cssSelector("form.edit [name='" + name + "']"));
  }

  private void date(String name, LocalDate value) {
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].value = arguments[1];", field(name), value.toString());
  }

  private void login(String user) {
    browser.get("http://localhost:" + serverPort + "/console/login?lang=en");
    browser.findElement(By.name("username")).sendKeys(user);
    browser.findElement(By.name("password")).sendKeys("password-" + user);
    browser.findElement(By.cssSelector("main.login button[type=submit]")).click();
    new WebDriverWait(browser, Waits.CEILING)
        .until(d -> d.getCurrentUrl().contains("/console/overview"));
  }

  private void logout() {
    browser.findElement(By.cssSelector("form.logout button")).click();
    new WebDriverWait(browser, Waits.CEILING)
        .until(d -> d.getCurrentUrl().contains("/console/login"));
  }

  private String user(String role) {
    String id = role.replace("-", "") + UUID.randomUUID().toString().substring(0, 8);
    User user = identityService.newUser(id);
    user.setPassword("password-" + id);
    identityService.saveUser(user);
    identityService.createMembership(id, role);
    return id;
  }

  /**
   * A journey of its own (A/B split, the welcome email, a user task to wait on) entered by four
   * contacts; two emails opened, one order; a segment of the four contacts.
   */
  private List<String> generateData() throws Exception {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess(key)
            .name("Console test journey")
            .camundaHistoryTimeToLive(1)
            .startEvent("Start")
            .serviceTask("Split")
            .camundaDelegateExpression("${abSplitDelegate}")
            .camundaInputParameter("experimentKey", key + "-subject")
            .camundaInputParameter("arms", "a:50,b:50")
            .serviceTask("SendWelcome")
            .camundaAsyncBefore()
            .camundaDelegateExpression("${sendMessageDelegate}")
            .camundaInputParameter("channel", "email")
            .camundaInputParameter("template", "onboarding-welcome")
            .userTask("Wait")
            .endEvent("Done")
            .done();
    // the goal: order.placed within 7 days (docs/analytics.md "Goals")
    ProcessProperties.set(model, key, Map.of("goal.event", "order.placed", "goal.window", "P7D"));
    repository.createDeployment().name(key).addModelInstance(key + ".bpmn", model).deploy();
    List<String> contacts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      // in the first batch of the segment's rebuild below (ScanOrder), in the order of i
      String contactId = ScanOrder.FIRST + key + "-c" + i;
      call(
          HttpMethod.PUT,
          "/api/contacts/" + contactId,
          Map.of(
              "email",
              contactId + "@example.com",
              "firstName",
              key,
              "locale",
              "en",
              "consent",
              Map.of("email", true)));
      contacts.add(contactId);
      runtime.startProcessInstanceByKey(key, contactId, Map.of("contactId", contactId));
    }
    waitFor("the 4 welcome emails of " + key + " sent")
        .until(
            () ->
                jdbc.queryForObject(
                    "select count(*) from analytics_message where journey_key = ? and sent_at is"
                        + " not null",
                    Long.class,
                    key),
            n -> n == 4);
    List<String> messages =
        jdbc.queryForList(
            "select message_id from analytics_message where journey_key = ? order by contact_id",
            String.class,
            key);
    event("email.opened", contacts.get(0), Map.of("messageId", messages.get(0)));
    event("email.opened", contacts.get(1), Map.of("messageId", messages.get(1)));
    event(
        "order.placed",
        contacts.get(0),
        Map.of("orderId", "o-" + key, "amount", 80.00, "currency", "CNY"));
    // events are taken in through Kafka: wait until the order is the journey's conversion
    waitFor("the order of " + contacts.get(0) + " counted as the conversion of " + key)
        .until(
            () ->
                json.readTree(rest.getForObject("/api/journeys/" + key + "/funnel", String.class)),
            f -> f.path("goal").path("conversions").asLong() == 1);
    call(
        HttpMethod.POST,
        "/api/segments",
        Map.of(
            "key",
            key,
            "name",
            "Console test segment",
            "definition",
            Map.of("field", "firstName", "op", "eq", "value", key)));
    // the segment is rebuilt in the background (docs/segments.md): its first batch holds the
    // four contacts; the rest of the rebuild, a walk over the shared database, is stopped
    List<String> rebuild = ScanOrder.rebuildsOf(runtime, key);
    try {
      waitFor("the rebuild of segment " + key + " enters its 4 contacts")
          .until(
              () -> json.readTree(rest.getForObject("/api/segments/" + key, String.class)),
              s -> s.path("size").asLong() == 4);
    } finally {
      rebuild.forEach(pass -> ScanOrder.stop(runtime, pass));
    }
    return contacts;
  }

  private void event(String type, String contactId, Map<String, Object> properties)
      throws Exception {
    call(
        HttpMethod.POST,
        "/api/events",
        Map.of(
            "id", UUID.randomUUID().toString(),
            "type", type,
            "contactId", contactId,
            "occurredAt", Instant.now().toString(),
            "properties", properties));
  }

  private void call(HttpMethod method, String path, Object body) throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<String> response =
        rest.exchange(
            path, method, new HttpEntity<>(json.writeValueAsString(body), headers), String.class);
    assertThat(response.getStatusCode().is2xxSuccessful())
        .as(path + " " + response.getBody())
        .isTrue();
  }
}
