package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.IntegrationTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The click endpoint redirects only to the link a server-signed token names: whatever an attacker
 * puts in the path (other hosts, userinfo tricks, backslashes, CRLF, path tricks, forged or foreign
 * tokens) answers 400 without a {@code Location} header, through the real HTTP stack (Tomcat,
 * Spring Security's firewall, the controller).
 */
class OpenRedirectIntegrationTest extends IntegrationTestSupport {

  private static final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Autowired TrackingTokens tokens;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "//evil.example",
        "https:%2F%2Fa@evil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%2Fevil.example",
        "%5C%5Cevil.example",
        "%5Cevil.example",
        "evil.example%0D%0ALocation:%20https://evil.example",
        "%0D%0ASet-Cookie:%20a=b",
        "..%2F..%2Fevil.example",
        "aHR0cHM6Ly9ldmlsLmV4YW1wbGU",
      })
  void attackerChosenPathsGet400AndNoRedirect(String path) throws Exception {
    HttpResponse<String> response = get("/t/c/" + path);
    assertThat(response.statusCode()).as(path).isEqualTo(400);
    assertThat(response.headers().firstValue("Location")).as(path).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void tokensThatAreNotOursForAKnownMessageGet400AndNoRedirect() throws Exception {
    String messageId = UUID.randomUUID().toString();
    String unknownMessage = tokens.click(messageId, "https://shop.example.com/");
    String openAsClick = tokens.open(messageId);
    String foreignKey =
        new TrackingTokens(() -> "another-server-secret-0123456789".getBytes())
            .click(messageId, "https://shop.example.com/");
    for (String token : new String[] {unknownMessage, openAsClick, foreignKey}) {
      HttpResponse<String> response = get("/t/c/" + token);
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.headers().firstValue("Location")).isEmpty();
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
