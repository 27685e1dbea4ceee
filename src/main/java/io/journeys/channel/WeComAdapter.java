package io.journeys.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.contact.Channel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * WeCom (企业微信) application messages: {@code POST journeys.wecom.url?access_token=…} with {@code
 * {"touser", "msgtype": "text", "agentid", "text": {"content"}}}. The recipient is the contact
 * attribute {@code wecomUserId}. WeCom answers 200 with {@code errcode}; non-zero fails (an invalid
 * or expired access token is dropped, so the retry fetches a new one). Sandbox when the URL is
 * blank.
 */
@Component
class WeComAdapter implements ChannelAdapter {

  static final String USER_ID_ATTRIBUTE = "wecomUserId";

  /** WeCom's longest duplicate-check interval: 4 hours. */
  static final int DUPLICATE_CHECK_SECONDS = 14_400;

  private final ChannelProperties.WeCom provider;
  private final ProviderHttp http;
  private final WeComAccessToken accessToken;
  private final ObjectMapper json;

  WeComAdapter(
      ChannelProperties properties,
      ProviderHttp http,
      WeComAccessToken accessToken,
      ObjectMapper json) {
    this.provider = properties.wecom();
    this.http = http;
    this.accessToken = accessToken;
    this.json = json;
  }

  @Override
  public Channel channel() {
    return Channel.WECOM;
  }

  @Override
  public Delivery send(Outgoing message) {
    Map<String, Object> attributes = message.contact().attributes();
    Object user = attributes == null ? null : attributes.get(USER_ID_ATTRIBUTE);
    if (user == null || !StringUtils.hasText(user.toString())) {
      throw new MessageSendException("contact has no " + USER_ID_ATTRIBUTE + " attribute");
    }
    String text = message.rendered().require(MessageTemplates.TEXT);
    if (provider.sandbox()) {
      return Delivery.sandbox(user.toString(), null, text);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("touser", user.toString());
    body.put("msgtype", "text");
    if (StringUtils.hasText(provider.agentId())) {
      body.put(
          "agentid",
          provider.agentId().matches("\\d+")
              ? Long.parseLong(provider.agentId())
              : provider.agentId());
    }
    body.put("text", Map.of("content", text));
    // WeCom ignores Idempotency-Key; its own duplicate check drops the same message to the same
    // user within the interval, so a resend after a crash is not delivered twice
    body.put("enable_duplicate_check", 1);
    body.put("duplicate_check_interval", DUPLICATE_CHECK_SECONDS);
    String token = accessToken.current();
    String url =
        token == null
            ? provider.url()
            : UriComponentsBuilder.fromUriString(provider.url())
                .queryParam("access_token", token)
                .encode()
                .build()
                .toUriString();
    String answer = http.post(Channel.WECOM.wire(), url, null, message.idempotencyKey(), body);
    checkErrcode(answer);
    return Delivery.sent(user.toString(), null);
  }

  private void checkErrcode(String answer) {
    if (answer.isBlank()) {
      return;
    }
    try {
      JsonNode errcode = json.readTree(answer).path("errcode");
      if (errcode.isNumber() && errcode.asInt() != 0) {
        if (WeComAccessToken.isTokenError(errcode.asInt())) {
          accessToken.invalidate();
        }
        throw new MessageSendException("wecom provider answered errcode " + errcode.asInt());
      }
    } catch (JsonProcessingException e) {
      throw new MessageSendException("wecom provider answered something other than JSON");
    }
  }
}
