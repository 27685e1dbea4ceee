package io.journeys.campaign;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import io.journeys.security.Roles;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The console skeleton: campaigns and broadcasts pages in both languages, escaped, by role. */
@H2SpringTest
class ConsolePagesTest {

  @Autowired MockMvc mvc;
  @Autowired IdentityService identity;

  @Test
  void campaignsPageInEnglishAndChineseWithValuesEscaped() throws Exception {
    String name = "<b>618</b> " + UUID.randomUUID();
    mvc.perform(
            post("/api/campaigns")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
            {"name": "%s", "startsOn": "2020-06-01", "endsOn": "2020-06-30", "budget": 100,
             "kpiTargets": [{"metric": "roi", "target": 3}]}"""
                        .formatted(name)))
        .andExpect(status().isCreated());

    mvc.perform(get("/console")).andExpect(redirectedUrl("/console/campaigns"));
    mvc.perform(get("/console/campaigns?lang=en"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
        .andExpect(content().string(containsString("<h1>Campaigns</h1>")))
        .andExpect(
            content()
                .string(
                    containsString(
                        "&lt;b&gt;618&lt;/b&gt; " + name.substring(name.indexOf(' ') + 1))))
        .andExpect(content().string(not(containsString("<b>618</b>"))))
        .andExpect(content().string(containsString("no data yet")))
        .andExpect(content().string(containsString("0 / 1")));
    mvc.perform(get("/console/campaigns").header(HttpHeaders.ACCEPT_LANGUAGE, "zh-CN"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("<h1>营销活动</h1>")))
        .andExpect(content().string(containsString("暂无数据")));
  }

  @Test
  void broadcastsPageAndWhoMaySeeTheConsole() throws Exception {
    mvc.perform(get("/console/broadcasts?lang=en"))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("<h1>Broadcasts</h1>")));
    String viewer = "viewer" + UUID.randomUUID().toString().substring(0, 8);
    User user = identity.newUser(viewer);
    user.setPassword("viewer-password");
    identity.saveUser(user);
    identity.createMembership(viewer, Roles.VIEWER);
    mvc.perform(
            get("/console/campaigns")
                .header(HttpHeaders.AUTHORIZATION, basic(viewer, "viewer-password")))
        .andExpect(status().isOk());
    mvc.perform(
            get("/console/campaigns").header(HttpHeaders.AUTHORIZATION, basic("sales", "sales")))
        .andExpect(status().isForbidden());
    mvc.perform(get("/console/campaigns").header(HttpHeaders.AUTHORIZATION, ""))
        .andExpect(status().isUnauthorized())
        .andExpect(header().exists(HttpHeaders.WWW_AUTHENTICATE));
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
