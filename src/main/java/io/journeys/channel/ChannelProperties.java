package io.journeys.channel;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The HTTP channel providers ({@code journeys.sms.*}, {@code journeys.wecom.*}, {@code
 * journeys.push.*}, fed by {@code JOURNEYS_SMS_URL}, ... ; a blank URL means sandbox), HTTP
 * timeouts ({@code journeys.http.*}) and the shop's base URL for links in templates ({@code
 * journeys.shop-url}, {@code JOURNEYS_SHOP_URL}).
 */
@ConfigurationProperties("journeys")
record ChannelProperties(Provider sms, WeCom wecom, Provider push, Timeouts http, String shopUrl) {

  ChannelProperties {
    sms = sms == null ? new Provider(null, null) : sms;
    wecom = wecom == null ? new WeCom(null, null, null, null, null) : wecom;
    push = push == null ? new Provider(null, null) : push;
    http = http == null ? new Timeouts(null, null) : http;
    shopUrl =
        StringUtils.hasText(shopUrl) ? shopUrl.replaceAll("/+$", "") : "https://shop.example.com";
  }

  /**
   * An SMS or push provider endpoint.
   *
   * @param url where messages are posted; blank: sandbox mode
   * @param token bearer token
   */
  record Provider(String url, String token) {
    boolean sandbox() {
      return !StringUtils.hasText(url);
    }
  }

  /**
   * The WeCom (企业微信) message API.
   *
   * @param url the message API, e.g. {@code https://qyapi.weixin.qq.com/cgi-bin/message/send};
   *     blank: sandbox mode
   * @param token a fixed access token (for gateways and tests); when blank and {@code corpId} and
   *     {@code corpSecret} are set, access tokens are fetched from {@code /cgi-bin/gettoken} on the
   *     same host and renewed before they expire
   * @param agentId the application (agent) id that sends
   */
  record WeCom(String url, String token, String agentId, String corpId, String corpSecret) {
    boolean sandbox() {
      return !StringUtils.hasText(url);
    }

    boolean fetchesTokens() {
      return !StringUtils.hasText(token)
          && StringUtils.hasText(corpId)
          && StringUtils.hasText(corpSecret);
    }
  }

  record Timeouts(Duration connectTimeout, Duration readTimeout) {
    Timeouts {
      connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
      readTimeout = readTimeout == null ? Duration.ofSeconds(15) : readTimeout;
    }
  }
}
