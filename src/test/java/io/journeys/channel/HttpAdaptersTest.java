package io.journeys.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.journeys.contact.ContactView;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/** SMS, WeCom and push adapters against an HTTP provider stub. */
class HttpAdaptersTest {

  static final WireMockServer provider =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());

  private final ContactView contact =
      ChannelFixtures.contact("c-1", "a@example.com", "Lei", "zh-CN");

  @BeforeAll
  static void start() {
    provider.start();
  }

  @AfterAll
  static void stop() {
    provider.stop();
  }

  @BeforeEach
  void reset() {
    provider.resetAll();
  }

  private ChannelProperties properties(String path) {
    String url = path == null ? null : provider.baseUrl() + path;
    ChannelProperties.Provider p = new ChannelProperties.Provider(url, "tok");
    return new ChannelProperties(
        p,
        new ChannelProperties.WeCom(url, "tok", "1000002", null, null),
        p,
        new ChannelProperties.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)),
        null);
  }

  private WeComAdapter wecom(ChannelProperties props) {
    ProviderHttp http = http(props);
    return new WeComAdapter(
        props, http, new WeComAccessToken(props, http, new ObjectMapper()), new ObjectMapper());
  }

  private ContactView wecomUser() {
    return new ContactView(
        "c-1",
        null,
        null,
        "Lei",
        "Li",
        null,
        "zh-CN",
        null,
        0,
        Map.of("wecomUserId", "LiLei"),
        Map.of(),
        java.util.Set.of(),
        null,
        null);
  }

  private ProviderHttp http(ChannelProperties properties) {
    return new ProviderHttp(RestClient.builder(), properties);
  }

  private ChannelAdapter.Outgoing outgoing(ContactView to) {
    return new ChannelAdapter.Outgoing(
        "11111111-2222-3333-4444-555555555555",
        "pi:Task:0",
        to,
        new RenderedMessage("t", "en", Map.of("subject", "Title", "text", "Hello 你好")));
  }

  @Test
  void smsPostsJsonWithTokenAndIdempotencyKey() {
    provider.stubFor(post("/sms").willReturn(aResponse().withStatus(202)));
    ChannelProperties props = properties("/sms");

    ChannelAdapter.Delivery delivery = new SmsAdapter(props, http(props)).send(outgoing(contact));

    assertThat(delivery.status()).isEqualTo(MessageStore.Status.SENT);
    provider.verify(
        postRequestedFor(urlEqualTo("/sms"))
            .withHeader("Authorization", equalTo("Bearer tok"))
            .withHeader("Idempotency-Key", equalTo("pi:Task:0"))
            .withRequestBody(
                equalToJson(
                    "{\"to\":\"+8613800138000\",\"text\":\"Hello 你好\","
                        + "\"reference\":\"11111111-2222-3333-4444-555555555555\"}")));
  }

  @Test
  void non2xxAnswerFailsTheSend() {
    provider.stubFor(post("/sms").willReturn(aResponse().withStatus(503).withBody("busy")));
    ChannelProperties props = properties("/sms");

    assertThatThrownBy(() -> new SmsAdapter(props, http(props)).send(outgoing(contact)))
        .isInstanceOf(MessageSendException.class)
        .hasMessage("sms provider answered 503");
  }

  @Test
  void unreachableProviderFailsTheSend() {
    ChannelProperties.Provider closed =
        new ChannelProperties.Provider("http://127.0.0.1:1/sms", null);
    ChannelProperties props = new ChannelProperties(closed, null, null, null, null);

    assertThatThrownBy(() -> new SmsAdapter(props, http(props)).send(outgoing(contact)))
        .isInstanceOf(MessageSendException.class)
        .hasMessageStartingWith("sms provider unreachable");
  }

  @Test
  void sandboxSendsNothing() {
    ChannelProperties props = properties(null);

    ChannelAdapter.Delivery delivery = new SmsAdapter(props, http(props)).send(outgoing(contact));

    assertThat(delivery.status()).isEqualTo(MessageStore.Status.SANDBOX);
    assertThat(delivery.body()).isEqualTo("Hello 你好");
    assertThat(provider.getAllServeEvents()).isEmpty();
  }

  @Test
  void wecomUsesTheMessageApiShapeAndChecksErrcode() {
    provider.stubFor(
        post(urlPathEqualTo("/cgi-bin/message/send"))
            .willReturn(aResponse().withStatus(200).withBody("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    WeComAdapter wecom = wecom(properties("/cgi-bin/message/send"));
    ContactView withUser = wecomUser();

    wecom.send(outgoing(withUser));

    provider.verify(
        postRequestedFor(urlEqualTo("/cgi-bin/message/send?access_token=tok"))
            .withRequestBody(
                equalToJson(
                    "{\"touser\":\"LiLei\",\"msgtype\":\"text\","
                        + "\"agentid\":1000002,\"text\":{\"content\":\"Hello 你好\"},"
                        + "\"enable_duplicate_check\":1,\"duplicate_check_interval\":14400}")));

    provider.stubFor(
        post(urlPathEqualTo("/cgi-bin/message/send"))
            .willReturn(aResponse().withStatus(200).withBody("{\"errcode\":40014}")));
    assertThatThrownBy(() -> wecom.send(outgoing(withUser)))
        .hasMessage("wecom provider answered errcode 40014");
    assertThatThrownBy(() -> wecom.send(outgoing(contact)))
        .hasMessage("contact has no wecomUserId attribute");
  }

  @Test
  void wecomFetchesAccessTokensAndRenewsThemWhenWeComCallsThemInvalid() {
    provider.stubFor(
        get(urlPathEqualTo("/cgi-bin/gettoken"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"errcode\":0,\"access_token\":\"AT-1\",\"expires_in\":7200}")));
    provider.stubFor(
        post(urlPathEqualTo("/cgi-bin/message/send"))
            .willReturn(aResponse().withStatus(200).withBody("{\"errcode\":0}")));
    String url = provider.baseUrl() + "/cgi-bin/message/send";
    ChannelProperties props =
        new ChannelProperties(
            null,
            new ChannelProperties.WeCom(url, null, "1000002", "corp-1", "s e/cret"),
            null,
            null,
            null);
    WeComAdapter wecom = wecom(props);

    wecom.send(outgoing(wecomUser()));
    wecom.send(outgoing(wecomUser()));

    provider.verify(
        1,
        getRequestedFor(urlPathEqualTo("/cgi-bin/gettoken"))
            .withQueryParam("corpid", equalTo("corp-1"))
            .withQueryParam("corpsecret", equalTo("s e/cret")));
    provider.verify(2, postRequestedFor(urlEqualTo("/cgi-bin/message/send?access_token=AT-1")));

    provider.stubFor(
        post(urlPathEqualTo("/cgi-bin/message/send"))
            .willReturn(aResponse().withStatus(200).withBody("{\"errcode\":42001}")));
    assertThatThrownBy(() -> wecom.send(outgoing(wecomUser())))
        .hasMessage("wecom provider answered errcode 42001");
    provider.stubFor(
        post(urlPathEqualTo("/cgi-bin/message/send"))
            .willReturn(aResponse().withStatus(200).withBody("{\"errcode\":0}")));
    wecom.send(outgoing(wecomUser()));
    provider.verify(2, getRequestedFor(urlPathEqualTo("/cgi-bin/gettoken")));
  }

  @Test
  void pushSendsTitleBodyAndMessageId() {
    provider.stubFor(post("/push").willReturn(aResponse().withStatus(200)));
    ChannelProperties props = properties("/push");

    new PushAdapter(props, http(props)).send(outgoing(contact));

    provider.verify(
        postRequestedFor(urlEqualTo("/push"))
            .withHeader("Idempotency-Key", equalTo("pi:Task:0"))
            .withRequestBody(
                equalToJson(
                    "{\"to\":\"c-1\",\"title\":\"Title\",\"body\":\"Hello 你好\","
                        + "\"data\":{\"messageId\":\"11111111-2222-3333-4444-555555555555\"}}")));
  }
}
