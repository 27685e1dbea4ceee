package io.journeys.channel;

import java.net.http.HttpClient;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/** Posts JSON to a channel provider with timeouts; anything but 2xx becomes an exception. */
@Component
class ProviderHttp {

  private final RestClient client;

  ProviderHttp(RestClient.Builder builder, ChannelProperties properties) {
    // HTTP/1.1: no h2c upgrade dance with plain-http providers
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(properties.http().connectTimeout())
            .build();
    JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
    factory.setReadTimeout(properties.http().readTimeout());
    this.client = builder.requestFactory(factory).build();
  }

  /** GETs {@code url} and returns the body (may be empty); anything but 2xx throws. */
  String get(String provider, String url) {
    try {
      String answer =
          client
              .get()
              .uri(java.net.URI.create(url))
              .accept(MediaType.APPLICATION_JSON)
              .retrieve()
              .body(String.class);
      return answer == null ? "" : answer;
    } catch (RestClientResponseException e) {
      throw new MessageSendException(provider + " provider answered " + e.getStatusCode().value());
    } catch (ResourceAccessException e) {
      throw MessageSendException.describing(provider + " provider unreachable", e);
    }
  }

  /**
   * Posts {@code body} as JSON with the idempotency key (and the bearer token when given).
   *
   * @return the response body (may be empty)
   */
  String post(
      String provider,
      String url,
      String bearerToken,
      String idempotencyKey,
      Map<String, Object> body) {
    try {
      String answer =
          client
              .post()
              .uri(java.net.URI.create(url))
              .contentType(MediaType.APPLICATION_JSON)
              .accept(MediaType.APPLICATION_JSON)
              .headers(
                  h -> {
                    h.set("Idempotency-Key", idempotencyKey);
                    if (StringUtils.hasText(bearerToken)) {
                      h.setBearerAuth(bearerToken);
                    }
                  })
              .body(body)
              .retrieve()
              .body(String.class);
      return answer == null ? "" : answer;
    } catch (RestClientResponseException e) {
      throw new MessageSendException(provider + " provider answered " + e.getStatusCode().value());
    } catch (ResourceAccessException e) {
      throw MessageSendException.describing(provider + " provider unreachable", e);
    }
  }
}
