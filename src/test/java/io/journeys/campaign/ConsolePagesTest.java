package io.journeys.campaign;

import static io.journeys.support.ErrorBodies.errorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import io.journeys.contact.XlsxRowsTest;
import io.journeys.security.Roles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The console through the real security filters: form login against Camunda's users, CSRF tokens,
 * both languages, values escaped, viewers read but cannot edit, CSV downloads safe against formula
 * injection, {@code /} leads to the console.
 */
@H2SpringTest
class ConsolePagesTest {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  @Autowired MockMvc mvc;
  @Autowired IdentityService identity;

  @Test
  void rootAndConsoleLeadToTheLoginThenTheOverview() throws Exception {
    mvc.perform(get("/").header(HttpHeaders.AUTHORIZATION, ""))
        .andExpect(redirectedUrl("/console"));
    mvc.perform(get("/console/overview").header(HttpHeaders.AUTHORIZATION, ""))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("http://localhost/console/login"));
    MockHttpSession session = login(user(Roles.MARKETING));
    mvc.perform(page("/console", session)).andExpect(redirectedUrl("/console/overview"));
    for (String path :
        new String[] {
          "/console/overview",
          "/console/journeys",
          "/console/analytics",
          "/console/campaigns",
          "/console/broadcasts",
          "/console/segments",
          "/console/contacts",
          "/console/import"
        }) {
      mvc.perform(page(path + "?lang=en", session))
          .andExpect(status().isOk())
          .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
          .andExpect(content().string(containsString("/camunda/app/cockpit/default/")))
          .andExpect(content().string(containsString("/camunda/app/tasklist/default/")));
    }
  }

  @Test
  void wrongPasswordIsRefused() throws Exception {
    MockHttpSession session = new MockHttpSession();
    String token = csrf(session);
    mvc.perform(
            post("/console/login")
                .session(session)
                .header(HttpHeaders.AUTHORIZATION, "")
                .param("username", user(Roles.MARKETING))
                .param("password", "not-the-password")
                .param("_csrf", token))
        .andExpect(redirectedUrl("/console/login?error"));
  }

  @Test
  void marketingCreatesACampaignInEnglishAndChineseWithValuesEscapedAndCsvSafe() throws Exception {
    MockHttpSession session = login(user(Roles.MARKETING));
    String name = "=HYPERLINK(\"x\") <b>618</b> " + UUID.randomUUID();
    String token = csrf(session);
    // without the CSRF token the form is refused
    mvc.perform(
            post("/console/campaigns")
                .session(session)
                .header(HttpHeaders.AUTHORIZATION, "")
                .param("name", name))
        .andExpect(status().isForbidden());
    // a bad form comes back with the reasons
    mvc.perform(
            post("/console/campaigns")
                .session(session)
                .header(HttpHeaders.AUTHORIZATION, "")
                .param("_csrf", token)
                .param("name", name)
                .param("startsOn", "2020-06-30")
                .param("endsOn", "2020-06-01"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("endsOn")));
    mvc.perform(
            post("/console/campaigns")
                .session(session)
                .header(HttpHeaders.AUTHORIZATION, "")
                .param("_csrf", token)
                .param("name", name)
                .param("startsOn", "2020-06-01")
                .param("endsOn", "2020-06-30")
                .param("budget", "100")
                .param("currency", "CNY")
                .param("kpiTargets", "[{\"metric\": \"roi\", \"target\": 3}]"))
        .andExpect(redirectedUrl("/console/campaigns"));

    mvc.perform(page("/console/campaigns?lang=en", session))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Campaigns</h1>")))
        .andExpect(content().string(containsString("&lt;b&gt;618&lt;/b&gt;")))
        .andExpect(content().string(not(containsString("<b>618</b>"))))
        .andExpect(content().string(containsString("no data yet")))
        .andExpect(content().string(containsString("0 / 1")))
        .andExpect(content().string(containsString("/edit")));
    mvc.perform(page("/console/campaigns?lang=zh-CN", session))
        .andExpect(content().string(containsString("营销活动</h1>")))
        .andExpect(content().string(containsString("暂无数据")));
    byte[] csv =
        mvc.perform(page("/console/campaigns?csv=campaigns&lang=en", session))
            .andExpect(status().isOk())
            .andExpect(content().contentTypeCompatibleWith("text/csv"))
            .andReturn()
            .getResponse()
            .getContentAsByteArray();
    String text = new String(csv, StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFFName,Period,Owner,Budget");
    // the formula gets a quote in front and the cell is quoted (it holds quotes)
    assertThat(text).contains("\"'=HYPERLINK(\"\"x\"\") <b>618</b> ");
  }

  @Test
  void viewerReadsEveryPageButCannotEdit() throws Exception {
    MockHttpSession session = login(user(Roles.VIEWER));
    mvc.perform(page("/console/campaigns?lang=en", session))
        .andExpect(status().isOk())
        .andExpect(content().string(not(containsString("/console/campaigns/new"))));
    mvc.perform(page("/console/broadcasts?lang=en", session))
        .andExpect(status().isOk())
        .andExpect(
            content().string(not(containsString("method=\"post\" action=\"/console/broadcasts\""))))
        .andExpect(content().string(not(containsString("name=\"template\""))));
    mvc.perform(page("/console/contacts?lang=en&id=x", session))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("viewers do not")));
    mvc.perform(page("/console/campaigns/new", session)).andExpect(status().isForbidden());
    mvc.perform(
            post("/console/campaigns")
                .session(session)
                .header(HttpHeaders.AUTHORIZATION, "")
                .param("_csrf", csrf(session))
                .param("name", "viewer's"))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/console/broadcasts")
                .session(session)
                .header(HttpHeaders.AUTHORIZATION, "")
                .param("_csrf", csrf(session))
                .param("template", "x"))
        .andExpect(status().isForbidden());
  }

  @Test
  void aBroadcastTheServiceRefusesShowsItsProblemsOnTheFormAndAnUnknownOneCannotBeCancelled()
      throws Exception {
    MockHttpSession session = login(user(Roles.MARKETING));
    String token = csrf(session);
    mvc.perform(
            post("/console/broadcasts?lang=en")
                .session(session)
                .header(HttpHeaders.AUTHORIZATION, "")
                .param("_csrf", token)
                .param("channel", "email")
                .param("template", "no-such-template")
                .param("date", "2020-01-01")
                .param("time", "10:00")
                .param("timezone", "Asia/Shanghai")
                .param("segment", "dormant"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("field=template")))
        .andExpect(content().string(containsString("reason=no message template")));
    mvc.perform(
            post("/console/broadcasts/no-such-broadcast/cancel")
                .session(session)
                .header(HttpHeaders.AUTHORIZATION, "")
                .param("_csrf", token))
        .andExpect(status().isNotFound())
        .andExpect(errorBody("no broadcast no-such-broadcast"));
  }

  @Test
  void marketingImportsACsvAndAnXlsxWithAMappingAndReadsTheRejectedRows() throws Exception {
    MockHttpSession session = login(user(Roles.MARKETING));
    String token = csrf(session);
    String prefix = "ci" + UUID.randomUUID().toString().substring(0, 8);
    String csv =
        "Kennung,Mail,Stadt,Notiz\n"
            + prefix
            + "-a,a@example.com,上海,=cmd\n"
            + prefix
            + "-b,not-an-email,北京,y\n";
    // step 1: the header comes back, each column with its default field preselected
    mvc.perform(upload(session, token, "people.csv", csv.getBytes(StandardCharsets.UTF_8)))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Map the columns of people.csv")))
        .andExpect(content().string(containsString("<td>Kennung</td>")))
        .andExpect(content().string(containsString("name=\"field.3\"")))
        .andExpect(
            content().string(containsString("value=\"attribute:Stadt\" selected=\"selected\"")));
    // step 2: the mapping (Kennung is the contact id, Mail the email, Notiz ignored)
    String location =
        mvc.perform(
                post("/console/import/start")
                    .session(session)
                    .header(HttpHeaders.AUTHORIZATION, "")
                    .param("_csrf", token)
                    .param("field.0", "contactId")
                    .param("field.1", "email")
                    .param("field.2", "attribute:city")
                    .param("field.3", "ignored"))
            .andExpect(status().isFound())
            .andReturn()
            .getResponse()
            .getRedirectedUrl();
    assertThat(location).startsWith("/console/import?id=");
    String report = finished(session, location);
    assertThat(report)
        .contains("completed", "people.csv", "email: not a valid email address")
        .containsPattern("<td class=\"n\">\\s*3\\s*</td>"); // the rejected row's line
    String id = location.substring(location.indexOf("id=") + 3);
    String rejected =
        mvc.perform(page("/console/import?lang=en&id=" + id + "&csv=rejected", session))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);
    assertThat(rejected).isEqualTo("\uFEFFLine,Reason\r\n3,email: not a valid email address\r\n");
    String contact =
        mvc.perform(get("/api/contacts/" + prefix + "-a"))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);
    assertThat(contact)
        .contains("\"email\":\"a@example.com\"", "\"city\":\"上海\"")
        .doesNotContain("Notiz", "Stadt", "=cmd");

    // an Excel workbook, in Chinese, mapped as the import maps it by itself
    mvc.perform(
            upload(
                session,
                token,
                "客户.xlsx",
                XlsxRowsTest.sheet(prefix, 13_900_000_000L + new Random().nextInt(100_000_000))))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("<td>手机号</td>")))
        .andExpect(content().string(containsString("value=\"phone\" selected=\"selected\"")));
    location =
        mvc.perform(
                post("/console/import/start")
                    .session(session)
                    .header(HttpHeaders.AUTHORIZATION, "")
                    .param("_csrf", token))
            .andExpect(status().isFound())
            .andReturn()
            .getResponse()
            .getRedirectedUrl();
    assertThat(finished(session, location.replace("?", "?lang=zh-CN&")))
        .contains("已完成", "客户.xlsx", "被拒绝的行", "phone");
    // (its first row's email is used by other tests of this shared context: it may merge there)

    // a file that is no contact list comes back with its reason; a mapping without an identity too
    byte[] xls = {
      (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };
    mvc.perform(upload(session, token, "old.xls", xls))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Not imported:")))
        .andExpect(content().string(containsString("(.xls) is not read")));
    mvc.perform(upload(session, token, "people.csv", csv.getBytes(StandardCharsets.UTF_8)))
        .andExpect(status().isOk());
    mvc.perform(
            post("/console/import/start")
                .session(session)
                .header(HttpHeaders.AUTHORIZATION, "")
                .param("_csrf", token)
                .param("field.0", "ignored")
                .param("field.1", "ignored"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("no contact id, email or phone")));
    mvc.perform(page("/console/import?id=no-such-import", session))
        .andExpect(status().isNotFound());
  }

  @Test
  void viewerSeesNoImportFormAndMayNotUpload() throws Exception {
    MockHttpSession session = login(user(Roles.VIEWER));
    mvc.perform(page("/console/import?lang=en", session))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("viewers do not")))
        .andExpect(content().string(not(containsString("type=\"file\""))));
    String token = csrf(session);
    mvc.perform(upload(session, token, "people.csv", "email\na@example.com\n".getBytes()))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/console/import/start")
                .session(session)
                .header(HttpHeaders.AUTHORIZATION, "")
                .param("_csrf", token))
        .andExpect(status().isForbidden());
    mvc.perform(page("/console/import?id=x&csv=rejected", session))
        .andExpect(status().isForbidden());
  }

  private MockHttpServletRequestBuilder upload(
      MockHttpSession session, String token, String name, byte[] content) {
    return multipart("/console/import")
        .file(new MockMultipartFile("file", name, "application/octet-stream", content))
        .param("charset", "UTF-8")
        .param("_csrf", token)
        .param("lang", "en")
        .session(session)
        .header(HttpHeaders.AUTHORIZATION, "");
  }

  /** The report page once the import has finished (the page refreshes itself until then). */
  private String finished(MockHttpSession session, String location) throws Exception {
    String[] html = {""};
    Awaitility.await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              var response =
                  mvc.perform(
                          page(location + (location.contains("lang=") ? "" : "&lang=en"), session))
                      .andExpect(status().isOk())
                      .andReturn()
                      .getResponse();
              html[0] = response.getContentAsString(StandardCharsets.UTF_8);
              return response.getHeader("Refresh") == null;
            });
    return html[0];
  }

  @Test
  void salesMayNotUseTheConsole() throws Exception {
    MockHttpSession session = login(user(Roles.SALES));
    mvc.perform(page("/console/overview", session)).andExpect(status().isForbidden());
  }

  private MockHttpServletRequestBuilder page(String path, MockHttpSession session) {
    return get(path).session(session).header(HttpHeaders.AUTHORIZATION, "");
  }

  private String user(String role) {
    String id = role.replace("-", "") + UUID.randomUUID().toString().substring(0, 8);
    User user = identity.newUser(id);
    user.setPassword("password-" + id);
    identity.saveUser(user);
    identity.createMembership(id, role);
    return id;
  }

  private MockHttpSession login(String user) throws Exception {
    MockHttpSession session = new MockHttpSession();
    mvc.perform(
            post("/console/login")
                .session(session)
                .header(HttpHeaders.AUTHORIZATION, "")
                .param("username", user)
                .param("password", "password-" + user)
                .param("_csrf", csrf(session)))
        .andExpect(redirectedUrl("/console"));
    return session;
  }

  private String csrf(MockHttpSession session) throws Exception {
    String html =
        mvc.perform(page("/console/login", session))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a CSRF token in the login form").isTrue();
    return m.group(1);
  }
}
