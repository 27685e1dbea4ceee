package io.journeys.channel;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The HTTP channel providers ({@code journeys.sms.*}, {@code journeys.wecom.*},
 * {@code journeys.push.*}, fed by {@code JOURNEYS_SMS_URL}, ... ; a blank URL means sandbox),
 * HTTP timeouts ({@code journeys.http.*}) and the shop's base URL for links in templates
 * ({@code journeys.shop-url}, {@code JOURNEYS_SHOP_URL}).
 */
@ConfigurationProperties("journeys")
record ChannelProperties(
    Provider sms, Provider wecom, Provider push, Timeouts http, String shopUrl) {

  ChannelProperties {
    sms = sms == null ? new Provider(null, null, null) : sms;
    wecom = wecom == null ? new Provider(null, null, null) : wecom;
    push = push == null ? new Provider(null, null, null) : push;
    http = http == null ? new Timeouts(null, null) : http;
    shopUrl = StringUtils.hasText(shopUrl) ? shopUrl.replaceAll("/+$", "") : "https://shop.example.com";
  }

  /**
   * One provider endpoint.
   *
   * @param url where messages are posted; blank: sandbox mode
   * @param token bearer token (SMS, push) or access token (WeCom)
   * @param agentId the WeCom application (agent) id; unused by the others
   */
  record Provider(String url, String token, String agentId) {
    boolean sandbox() {
      return !StringUtils.hasText(url);
    }
  }

  record Timeouts(Duration connectTimeout, Duration readTimeout) {
    Timeouts {
      connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
      readTimeout = readTimeout == null ? Duration.ofSeconds(15) : readTimeout;
    }
  }
}
