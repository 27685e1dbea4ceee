package io.journeys.crm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.journeys.config.JourneysProperties;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

class CrmClientTest {

  static final WireMockServer stub =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());

  private final ContactDirectory contacts =
      new ContactDirectory() {
        @Override
        public Optional<ContactView> find(String id) {
          return "c-1".equals(id)
              ? Optional.of(
                  new ContactView(
                      "c-1",
                      "li.lei@example.com",
                      null,
                      "Lei",
                      "Li",
                      null,
                      "zh-CN",
                      "lead",
                      87,
                      Map.of("company", "ACME"),
                      Map.of(),
                      Set.of("hot", "b2b"),
                      null,
                      null))
              : Optional.empty();
        }

        @Override
        public void tag(String contactId, String tag) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void setConsent(String contactId, Channel channel, boolean granted, String source) {
          throw new UnsupportedOperationException();
        }
      };

  @BeforeAll
  static void start() {
    stub.start();
  }

  @AfterAll
  static void stop() {
    stub.stop();
  }

  @BeforeEach
  void reset() {
    stub.resetAll();
  }

  private CrmClient client(String url) {
    return new CrmClient(
        new JourneysProperties(
            URI.create("http://localhost"),
            null,
            null,
            null,
            new JourneysProperties.Crm(url, "s3cret")),
        contacts,
        new ObjectMapper(),
        RestClient.builder(),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2));
  }

  @Test
  void postsTheSignedLead() throws Exception {
    stub.stubFor(post("/leads").willReturn(aResponse().withStatus(201)));

    client(stub.baseUrl() + "/leads")
        .sync(
            new CrmLead("c-1", "lead-nurturing", "pi-1", "qualified", "call Monday"),
            "pi-1:Task_Sync");

    LoggedRequest request =
        stub.findAll(
                postRequestedFor(urlEqualTo("/leads"))
                    .withHeader("Idempotency-Key", equalTo("pi-1:Task_Sync")))
            .get(0);
    assertThat(request.getHeader("X-Journeys-Signature"))
        .isEqualTo(CrmSignature.sign("s3cret", request.getBody()));
    JsonNode body = new ObjectMapper().readTree(request.getBody());
    assertThat(body.at("/contact/email").asText()).isEqualTo("li.lei@example.com");
    assertThat(body.at("/contact/attributes/company").asText()).isEqualTo("ACME");
    assertThat(body.get("score").asInt()).isEqualTo(87);
    assertThat(body.get("tags").toString()).isEqualTo("[\"b2b\",\"hot\"]");
    assertThat(body.get("journey").asText()).isEqualTo("lead-nurturing");
    assertThat(body.get("processInstanceId").asText()).isEqualTo("pi-1");
    assertThat(body.get("outcome").asText()).isEqualTo("qualified");
    assertThat(body.get("note").asText()).isEqualTo("call Monday");
  }

  /** Finding 12: INFO logs (shipped and kept) name the journey instance, not the contact. */
  @Test
  void noContactIdIsLoggedAtInfo() {
    stub.stubFor(post("/leads").willReturn(aResponse().withStatus(201)));
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(CrmClient.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
        new ch.qos.logback.core.read.ListAppender<>();
    seen.start();
    logger.addAppender(seen);
    ch.qos.logback.classic.Level level = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
    try {
      client(stub.baseUrl() + "/leads")
          .sync(new CrmLead("c-1", "lead-nurturing", "pi-1", "qualified", null), "pi-1:Task_Sync");
      client(null)
          .sync(new CrmLead("c-1", "lead-nurturing", "pi-2", "qualified", null), "pi-2:Task_Sync");
    } finally {
      logger.detachAppender(seen);
      logger.setLevel(level);
    }
    assertThat(seen.list)
        .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
        .hasSize(2)
        .allSatisfy(m -> assertThat(m).doesNotContain("c-1"))
        .anySatisfy(m -> assertThat(m).contains("pi-1"))
        .anySatisfy(m -> assertThat(m).contains("pi-2"));
  }

  @Test
  void non2xxOrNoAnswerThrows() {
    stub.stubFor(post("/leads").willReturn(aResponse().withStatus(500)));
    CrmLead lead = new CrmLead("c-1", "lead-nurturing", "pi-1", null, null);

    assertThatThrownBy(() -> client(stub.baseUrl() + "/leads").sync(lead, "k"))
        .isInstanceOf(CrmSyncException.class)
        .hasMessage("CRM answered 500");
    stub.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(4000)));
    assertThatThrownBy(() -> client(stub.baseUrl() + "/slow").sync(lead, "k"))
        .isInstanceOf(CrmSyncException.class)
        .hasMessageStartingWith("CRM unreachable");
    assertThatThrownBy(
            () ->
                client(stub.baseUrl() + "/leads")
                    .sync(new CrmLead("c-404", "j", "pi", null, null), "k"))
        .hasMessage("unknown contact");
  }

  @Test
  void sandboxSendsNothing() {
    client("").sync(new CrmLead("c-1", "lead-nurturing", "pi-1", null, null), "k");

    assertThat(stub.getAllServeEvents()).isEmpty();
  }
}
