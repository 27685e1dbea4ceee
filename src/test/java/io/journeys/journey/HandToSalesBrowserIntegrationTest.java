package io.journeys.journey;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.HeadlessChromium;
import io.journeys.support.IntegrationTestSupport;
import io.journeys.support.Waits;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A sales rep works a "Hand to sales" task in the real Camunda Tasklist, in headless Chromium
 * (Debian's {@code chromium} and {@code chromedriver}; {@code .ci/run} installs them): logs in,
 * claims the task, sees the lead in the Camunda Form, completes it with an outcome; the journey
 * goes on and the CRM stub receives the lead.
 *
 * <p>Without Chromium the test is skipped, unless {@code JOURNEYS_REQUIRE_BROWSER=true} (CI), where
 * a missing browser fails it.
 */
class HandToSalesBrowserIntegrationTest extends IntegrationTestSupport {

  private static final String REP = "rep";
  private static final String REP_PASSWORD = "rep-password-1";

  @Autowired IdentityService identityService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;

  private WebDriver browser;

  @BeforeEach
  void startBrowser() throws Exception {
    browser = HeadlessChromium.start(1400, 1600);
    ensureSalesRep();
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void salesRepCompletesTheHandToSalesFormInTasklist() {
    crm.stubFor(post(urlEqualTo(CRM_PATH)).willReturn(ok()));
    String contactId = "c-browser-" + UUID.randomUUID();
    String email = contactId + "@example.com";
    Task task = leadWaitingForSales(contactId, email);

    WebDriverWait wait = new WebDriverWait(browser, Waits.CEILING);
    try {
      browser.get("http://localhost:" + serverPort + "/camunda/app/tasklist/default/");
      wait.until(
              ExpectedConditions.visibilityOfElementLocated(
                  By.cssSelector("form[name=signinForm] input[type=text]")))
          .sendKeys(REP);
      browser
          .findElement(By.cssSelector("form[name=signinForm] input[type=password]"))
          .sendKeys(REP_PASSWORD);
      browser.findElement(By.cssSelector("form[name=signinForm] button[type=submit]")).click();
      wait.until(
          ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("form[name=signinForm]")));

      browser.get(
          "http://localhost:"
              + serverPort
              + "/camunda/app/tasklist/default/#/?task="
              + task.getId());
      wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.claim"))).click();
      waitFor("the sales task of " + contactId + " claimed by " + REP)
          .until(
              () ->
                  REP.equals(
                      taskService
                          .createTaskQuery()
                          .taskId(task.getId())
                          .singleResult()
                          .getAssignee()));

      WebElement leadEmail =
          wait.until(
              ExpectedConditions.visibilityOfElementLocated(
                  By.cssSelector("input[id$='Field_LeadEmail']")));
      wait.until(d -> email.equals(leadEmail.getDomProperty("value")));
      assertThat(
              browser
                  .findElement(By.cssSelector("input[id$='Field_LeadName']"))
                  .getDomProperty("value"))
          .contains("Lei");
      assertThat(
              browser
                  .findElement(By.cssSelector("input[id$='Field_Source']"))
                  .getDomProperty("value"))
          .isEqualTo("whitepaper");

      WebElement outcome =
          browser.findElement(By.cssSelector(".fjs-form-field-select .fjs-input-group"));
      ((org.openqa.selenium.JavascriptExecutor) browser)
          .executeScript("arguments[0].scrollIntoView({block: 'center'})", outcome);
      outcome.click();
      WebElement qualified =
          wait.until(
              ExpectedConditions.visibilityOfElementLocated(
                  By.xpath(
                      "//*[contains(@class,'fjs-dropdownlist-item') and starts-with(normalize-space(.),'Qualified')]")));
      ((org.openqa.selenium.JavascriptExecutor) browser)
          .executeScript("arguments[0].scrollIntoView({block: 'center'})", qualified);
      // form-js selects on mousedown
      new org.openqa.selenium.interactions.Actions(browser)
          .moveToElement(qualified)
          .click()
          .perform();
      browser
          .findElement(By.cssSelector("textarea[id$='Field_Note']"))
          .sendKeys("Called, budget confirmed");
      wait.until(
              ExpectedConditions.elementToBeClickable(
                  By.cssSelector("button[ng-click='complete()']")))
          .click();

      // the CRM stub is shared: this contact's lead, not any lead a journey of an earlier test
      // class syncs meanwhile
      waitFor("the lead of " + contactId + " posted to the CRM")
          .untilAsserted(
              () ->
                  crm.verify(
                      1,
                      postRequestedFor(urlEqualTo(CRM_PATH))
                          .withRequestBody(containing(contactId))));
    } catch (RuntimeException | AssertionError e) {
      screenshot("hand-to-sales-failure");
      throw new AssertionError("browser at " + browser.getCurrentUrl(), e);
    }
    String lead =
        crm.findAll(postRequestedFor(urlEqualTo(CRM_PATH)).withRequestBody(containing(contactId)))
            .get(0)
            .getBodyAsString();
    assertThat(lead).contains(email).contains("qualified").contains("Called, budget confirmed");
    HistoricProcessInstance instance =
        waitFor("the lead-nurturing journey of " + contactId + " completed")
            .until(
                () ->
                    historyService
                        .createHistoricProcessInstanceQuery()
                        .processInstanceBusinessKey(contactId)
                        .singleResult(),
                i -> i != null && i.getEndTime() != null);
    assertThat(instance.getState()).isEqualTo(HistoricProcessInstance.STATE_COMPLETED);
  }

  /**
   * Starts lead-nurturing through the event API; the lead then qualifies (lead.qualified, as lead
   * scoring sends it), which hands it to sales from the nurture sequence.
   */
  private Task leadWaitingForSales(String contactId, String email) {
    org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
    rest.exchange(
        "/api/contacts/" + contactId,
        org.springframework.http.HttpMethod.PUT,
        new org.springframework.http.HttpEntity<>(
            "{\"email\":\""
                + email
                + "\",\"firstName\":\"Lei\",\"lastName\":\"Li\",\"consent\":{\"email\":true}}",
            headers),
        String.class);
    rest.postForEntity(
        "/api/events",
        new org.springframework.http.HttpEntity<>(
            "{\"id\":\""
                + UUID.randomUUID()
                + "\",\"type\":\"form.submitted\",\"contactId\":\""
                + contactId
                + "\",\"occurredAt\":\"2026-11-23T08:15:00Z\",\"properties\":{\"formId\":\"whitepaper\"}}",
            headers),
        String.class);
    ProcessInstance instance =
        waitFor("lead-nurturing of " + contactId + " waiting for lead.qualified")
            .until(
                () ->
                    runtimeService
                        .createProcessInstanceQuery()
                        .processInstanceBusinessKey(contactId)
                        .processDefinitionKey(JourneyConstants.PROCESS_LEAD_NURTURING)
                        .singleResult(),
                pi ->
                    pi != null
                        && !runtimeService
                            .createEventSubscriptionQuery()
                            .processInstanceId(pi.getId())
                            .eventName("lead.qualified")
                            .list()
                            .isEmpty());
    assertThat(instance).isNotNull();
    rest.postForEntity(
        "/api/events",
        new org.springframework.http.HttpEntity<>(
            "{\"id\":\""
                + UUID.randomUUID()
                + "\",\"type\":\"lead.qualified\",\"contactId\":\""
                + contactId
                + "\",\"occurredAt\":\"2026-11-23T09:00:00Z\",\"properties\":{\"score\":84}}",
            headers),
        String.class);
    return waitFor("the sales task of " + contactId)
        .until(
            () ->
                taskService
                    .createTaskQuery()
                    .processInstanceId(instance.getId())
                    .taskCandidateGroup("sales")
                    .singleResult(),
            t -> t != null);
  }

  private void ensureSalesRep() {
    if (identityService.createUserQuery().userId(REP).count() == 0) {
      User user = identityService.newUser(REP);
      user.setFirstName("Rita");
      user.setLastName("Rep");
      user.setPassword(REP_PASSWORD);
      identityService.saveUser(user);
      identityService.createMembership(REP, "sales");
    }
  }

  private void screenshot(String name) {
    try {
      File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
      Path target = Path.of("target", "failsafe-reports", name + ".png");
      Files.createDirectories(target.getParent());
      Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException | RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(getClass()).warn("No screenshot of the failure", e);
    }
  }
}
