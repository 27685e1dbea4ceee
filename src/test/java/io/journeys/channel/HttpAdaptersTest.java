package io.journeys.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import java.util.HashMap;
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

  private final ContactView contact = ChannelFixtures.contact("c-1", "a@example.com", "Lei", "zh-CN");

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
    ChannelProperties.Provider p = new ChannelProperties.Provider(
        path == null ? null : provider.baseUrl() + path, "tok", "1000002");
    return new ChannelProperties(p, p, p,
        new ChannelProperties.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)), null);
  }

  private ProviderHttp http(ChannelProperties properties) {
    return new ProviderHttp(RestClient.builder(), properties);
  }

  private ChannelAdapter.Outgoing outgoing(ContactView to) {
    return new ChannelAdapter.Outgoing("11111111-2222-3333-4444-555555555555", "pi:Task:0", to,
        new RenderedMessage("t", "en", Map.of("subject", "Title", "text", "Hello 你好")));
  }

  @Test
  void smsPostsJsonWithTokenAndIdempotencyKey() {
    provider.stubFor(post("/sms").willReturn(aResponse().withStatus(202)));
    ChannelProperties props = properties("/sms");

    ChannelAdapter.Delivery delivery = new SmsAdapter(props, http(props)).send(outgoing(contact));

    assertThat(delivery.status()).isEqualTo(MessageStore.Status.SENT);
    provider.verify(postRequestedFor(urlEqualTo("/sms"))
        .withHeader("Authorization", equalTo("Bearer tok"))
        .withHeader("Idempotency-Key", equalTo("pi:Task:0"))
        .withRequestBody(equalToJson("{\"to\":\"+8613800138000\",\"text\":\"Hello 你好\","
            + "\"reference\":\"11111111-2222-3333-4444-555555555555\"}")));
  }

  @Test
  void non2xxAnswerFailsTheSend() {
    provider.stubFor(post("/sms").willReturn(aResponse().withStatus(503).withBody("busy")));
    ChannelProperties props = properties("/sms");

    assertThatThrownBy(() -> new SmsAdapter(props, http(props)).send(outgoing(contact)))
        .isInstanceOf(MessageSendException.class).hasMessage("sms provider answered 503");
  }

  @Test
  void unreachableProviderFailsTheSend() {
    ChannelProperties.Provider closed =
        new ChannelProperties.Provider("http://127.0.0.1:1/sms", null, null);
    ChannelProperties props = new ChannelProperties(closed, null, null, null, null);

    assertThatThrownBy(() -> new SmsAdapter(props, http(props)).send(outgoing(contact)))
        .isInstanceOf(MessageSendException.class).hasMessageStartingWith("sms provider unreachable");
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
    provider.stubFor(post(urlPathEqualTo("/cgi-bin/message/send"))
        .willReturn(aResponse().withStatus(200).withBody("{\"errcode\":0,\"errmsg\":\"ok\"}")));
    ChannelProperties props = properties("/cgi-bin/message/send");
    WeComAdapter wecom = new WeComAdapter(props, http(props), new ObjectMapper());
    Map<String, Object> attributes = new HashMap<>(Map.of("wecomUserId", "LiLei"));
    ContactView withUser = new ContactView("c-1", null, null, "Lei", "Li", null, "zh-CN", null, 0,
        attributes, Map.of(), java.util.Set.of(), null, null);

    wecom.send(outgoing(withUser));

    provider.verify(postRequestedFor(urlEqualTo("/cgi-bin/message/send?access_token=tok"))
        .withRequestBody(equalToJson("{\"touser\":\"LiLei\",\"msgtype\":\"text\","
            + "\"agentid\":1000002,\"text\":{\"content\":\"Hello 你好\"}}")));

    provider.stubFor(post(urlPathEqualTo("/cgi-bin/message/send"))
        .willReturn(aResponse().withStatus(200).withBody("{\"errcode\":40014}")));
    assertThatThrownBy(() -> wecom.send(outgoing(withUser)))
        .hasMessage("wecom provider answered errcode 40014");
    assertThatThrownBy(() -> wecom.send(outgoing(contact)))
        .hasMessage("contact has no wecomUserId attribute");
  }

  @Test
  void pushSendsTitleBodyAndMessageId() {
    provider.stubFor(post("/push").willReturn(aResponse().withStatus(200)));
    ChannelProperties props = properties("/push");

    new PushAdapter(props, http(props)).send(outgoing(contact));

    provider.verify(postRequestedFor(urlEqualTo("/push"))
        .withHeader("Idempotency-Key", equalTo("pi:Task:0"))
        .withRequestBody(equalToJson("{\"to\":\"c-1\",\"title\":\"Title\",\"body\":\"Hello 你好\","
            + "\"data\":{\"messageId\":\"11111111-2222-3333-4444-555555555555\"}}")));
  }
}
