package io.journeys.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import io.journeys.security.Roles;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
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
          "/console/contacts"
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
