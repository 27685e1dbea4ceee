package io.journeys.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.config.EngineClock;
import io.journeys.contact.Channel;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The WeCom access token: the configured one, or one fetched with the corp id and secret from
 * {@code /cgi-bin/gettoken} (valid for {@code expires_in} seconds, 7200 by default), kept until
 * five minutes before it expires or until WeCom calls it invalid.
 */
@Component
class WeComAccessToken {

  /** WeCom's codes for an invalid or expired access token. */
  static boolean isTokenError(int errcode) {
    return errcode == 40014 || errcode == 42001 || errcode == 40001;
  }

  private record Cached(String token, Instant renewAt) {}

  private final ChannelProperties.WeCom wecom;
  private final ProviderHttp http;
  private final ObjectMapper json;
  private final Clock clock;
  private Cached cached;

  @Autowired
  WeComAccessToken(ChannelProperties properties, ProviderHttp http, ObjectMapper json) {
    this(properties, http, json, EngineClock.UTC);
  }

  WeComAccessToken(
      ChannelProperties properties, ProviderHttp http, ObjectMapper json, Clock clock) {
    this.wecom = properties.wecom();
    this.http = http;
    this.json = json;
    this.clock = clock;
  }

  /** The token to send with, or null when none is configured. */
  synchronized String current() {
    if (!wecom.fetchesTokens()) {
      return wecom.token() == null || wecom.token().isBlank() ? null : wecom.token();
    }
    if (cached == null || !Instant.now(clock).isBefore(cached.renewAt())) {
      cached = fetch();
    }
    return cached.token();
  }

  synchronized void invalidate() {
    cached = null;
  }

  private Cached fetch() {
    URI api = URI.create(wecom.url());
    String url =
        UriComponentsBuilder.newInstance()
            .scheme(api.getScheme())
            .host(api.getHost())
            .port(api.getPort())
            .path("/cgi-bin/gettoken")
            .queryParam("corpid", wecom.corpId())
            .queryParam("corpsecret", wecom.corpSecret())
            .encode()
            .build()
            .toUriString();
    try {
      JsonNode answer = json.readTree(http.get(Channel.WECOM.wire(), url));
      int errcode = answer.path("errcode").asInt(0);
      String token = answer.path("access_token").asText("");
      if (errcode != 0 || token.isEmpty()) {
        throw new MessageSendException("wecom gettoken answered errcode " + errcode);
      }
      long seconds = answer.path("expires_in").asLong(7200);
      return new Cached(token, Instant.now(clock).plusSeconds(Math.max(60, seconds - 300)));
    } catch (JsonProcessingException e) {
      throw new MessageSendException("wecom gettoken answered something other than JSON");
    }
  }
}
