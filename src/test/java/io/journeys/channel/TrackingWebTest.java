package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.event.IncomingEvent;
import io.journeys.journey.MessageLookup;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The public tracking and unsubscribe endpoints (docs/contract.md §3) on the web layer. */
// the controllers alone; security of the public endpoints: security/SecurityIntegrationTest
@WebMvcTest(controllers = {TrackingController.class, UnsubscribeController.class})
@AutoConfigureMockMvc(addFilters = false)
@Import(TrackingWebTest.Beans.class)
class TrackingWebTest {

  static final String MESSAGE_ID = UUID.randomUUID().toString();

  @TestConfiguration
  static class Beans {
    final ChannelFixtures.Events events = new ChannelFixtures.Events();
    final ChannelFixtures.Contacts contacts = new ChannelFixtures.Contacts();

    @Bean
    TrackingTokens trackingTokens() {
      return new TrackingTokens(() -> "web-test-key".getBytes(StandardCharsets.UTF_8));
    }

    @Bean
    MessageLookup messageLookup() {
      return id ->
          MESSAGE_ID.equals(id)
              ? Optional.of(new MessageLookup.SentMessage(MESSAGE_ID, "c-9", "pi-9"))
              : Optional.empty();
    }

    @Bean
    ChannelFixtures.Events events() {
      return events;
    }

    @Bean
    ChannelFixtures.Contacts contacts() {
      return contacts;
    }

    @Bean
    TrackingEvents trackingEvents() {
      return new TrackingEvents(events);
    }

    @Bean
    Unsubscriptions unsubscriptions() {
      return new Unsubscriptions(contacts, trackingEvents());
    }
  }

  @Autowired MockMvc mvc;
  @Autowired TrackingTokens tokens;
  @Autowired ChannelFixtures.Events events;
  @Autowired ChannelFixtures.Contacts contacts;

  @BeforeEach
  void clear() {
    events.byId.clear();
    contacts.consentChanges.clear();
    contacts.byId.clear();
  }

  @Test
  void pixelIsAnUncachedGifAndRecordsTheFirstOpen() throws Exception {
    String token = tokens.open(MESSAGE_ID);
    for (int i = 0; i < 2; i++) {
      mvc.perform(get("/t/o/" + token))
          .andExpect(status().isOk())
          .andExpect(content().contentType(MediaType.IMAGE_GIF))
          .andExpect(
              header().string("Cache-Control", org.hamcrest.Matchers.containsString("no-store")));
    }

    assertThat(events.all())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("email.opened");
              assertThat(e.contactId()).isEqualTo("c-9");
              assertThat(e.properties()).isEqualTo(Map.of("messageId", MESSAGE_ID));
            });
  }

  @Test
  void clickRedirectsToTheSignedUrlAndRecordsIt() throws Exception {
    String url = "https://shop.example.com/p?a=1&b=2";

    mvc.perform(get("/t/c/" + tokens.click(MESSAGE_ID, url)))
        .andExpect(status().isFound())
        .andExpect(header().string("Location", url));

    IncomingEvent event = events.all().get(0);
    assertThat(event.type()).isEqualTo("email.clicked");
    assertThat(event.properties()).isEqualTo(Map.of("messageId", MESSAGE_ID, "url", url));
  }

  @Test
  void tamperedMalformedOrUnknownTokensAnswer400AndRecordNothing() throws Exception {
    String token = tokens.click(MESSAGE_ID, "https://shop.example.com/");
    String tampered =
        token.substring(0, 10) + (token.charAt(10) == 'x' ? 'y' : 'x') + token.substring(11);

    for (String bad :
        new String[] {
          tampered,
          "garbage",
          tokens.open(MESSAGE_ID),
          tokens.click(UUID.randomUUID().toString(), "https://shop.example.com/")
        }) {
      mvc.perform(get("/t/c/" + bad))
          .andExpect(status().isBadRequest())
          .andExpect(header().doesNotExist("Location"))
          .andExpect(jsonPath("$.error").value("invalid link"));
    }
    mvc.perform(get("/t/o/" + tampered)).andExpect(status().isBadRequest());
    assertThat(events.all()).isEmpty();
  }

  @Test
  void unsubscribePageChangesNothingAndOneClickPostUnsubscribes() throws Exception {
    String token = tokens.unsubscribe(MESSAGE_ID);

    mvc.perform(get("/u/" + token))
        .andExpect(status().isOk())
        .andExpect(
            content().string(org.hamcrest.Matchers.containsString("<form method=\"post\">")));
    assertThat(events.all()).isEmpty();
    assertThat(contacts.consentChanges).isEmpty();

    mvc.perform(
            post("/u/" + token)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("List-Unsubscribe=One-Click"))
        .andExpect(status().isOk());

    assertThat(contacts.consentChanges).containsExactly("c-9:email:false:unsubscribe-link");
    assertThat(events.all())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("message.unsubscribed");
              assertThat(e.properties()).containsEntry("channel", "email");
            });
  }

  @Test
  void preferencePageShowsTheSubscribedChannelsAndChangesNothingByItself() throws Exception {
    contacts.with(contactWithConsent(Map.of("email", true, "sms", true, "wecom", false)));
    String token = tokens.unsubscribe(MESSAGE_ID);

    mvc.perform(get("/u/" + token))
        .andExpect(
            content()
                .string(
                    org.hamcrest.Matchers.containsString("href=\"./" + token + "/preferences\"")));
    mvc.perform(get("/u/" + token + "/preferences"))
        .andExpect(status().isOk())
        .andExpect(
            content()
                .string(
                    org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString(
                            "name=\"keep\" value=\"email\" checked"),
                        org.hamcrest.Matchers.containsString("name=\"keep\" value=\"sms\" checked"),
                        org.hamcrest.Matchers.containsString("WeCom 企业微信: not subscribed"),
                        org.hamcrest.Matchers.containsString("App push 应用推送: not subscribed"))));

    assertThat(contacts.consentChanges).isEmpty();
    assertThat(events.all()).isEmpty();
  }

  @Test
  void preferencePageWithdrawsEveryChannelLeftUnticked() throws Exception {
    contacts.with(contactWithConsent(Map.of("email", true, "sms", true, "push", true)));
    String token = tokens.unsubscribe(MESSAGE_ID);

    mvc.perform(
            post("/u/" + token + "/preferences")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("keep=email"))
        .andExpect(status().isOk())
        .andExpect(content().string(org.hamcrest.Matchers.containsString("SMS 短信, App push")));

    assertThat(contacts.consentChanges)
        .containsExactly("c-9:sms:false:preference-page", "c-9:push:false:preference-page");
    assertThat(events.all())
        .extracting(e -> e.properties().get("channel"))
        .containsExactly("sms", "push");
    assertThat(events.all())
        .allSatisfy(e -> assertThat(e.type()).isEqualTo("message.unsubscribed"));
  }

  @Test
  void preferencePageRefusesBadTokensAndUnknownChannels() throws Exception {
    contacts.with(contactWithConsent(Map.of("email", true)));
    mvc.perform(get("/u/" + tokens.open(MESSAGE_ID) + "/preferences"))
        .andExpect(status().isBadRequest());
    mvc.perform(post("/u/nonsense/preferences")).andExpect(status().isBadRequest());
    mvc.perform(
            post("/u/" + tokens.unsubscribe(MESSAGE_ID) + "/preferences")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("keep=fax"))
        .andExpect(status().isBadRequest());

    assertThat(contacts.consentChanges).isEmpty();
    assertThat(events.all()).isEmpty();
  }

  private static io.journeys.contact.ContactView contactWithConsent(Map<String, Boolean> consent) {
    io.journeys.contact.ContactView base =
        ChannelFixtures.contact("c-9", "c9@example.com", "Mei", "zh-CN");
    return new io.journeys.contact.ContactView(
        base.id(),
        base.email(),
        base.phone(),
        base.firstName(),
        base.lastName(),
        base.timezone(),
        base.locale(),
        base.lifecycleStage(),
        base.score(),
        base.attributes(),
        consent,
        base.tags(),
        base.createdAt(),
        base.updatedAt());
  }

  @Test
  void unsubscribeWithBadTokenChangesNothing() throws Exception {
    mvc.perform(post("/u/" + tokens.open(MESSAGE_ID))).andExpect(status().isBadRequest());
    mvc.perform(get("/u/nonsense")).andExpect(status().isBadRequest());
    assertThat(contacts.consentChanges).isEmpty();
    assertThat(events.all()).isEmpty();
  }
}
