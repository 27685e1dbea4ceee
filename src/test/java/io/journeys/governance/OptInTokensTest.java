package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.config.JourneysProperties;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;

class OptInTokensTest {

  private static final Instant T = Instant.parse("2026-11-23T08:00:00Z");
  private final OptInTokens tokens =
      new OptInTokens(() -> "key-1".getBytes(StandardCharsets.UTF_8), Duration.ofDays(7));

  @Test
  void aTokenNamesItsContactUntilItExpires() {
    String token = tokens.sign("c-1001@shop", "li.lei@example.com", T);

    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(tokens.verify(token, T.plus(Duration.ofDays(7)).minusSeconds(1)))
        .hasValueSatisfying(
            claim -> {
              assertThat(claim.contactId()).isEqualTo("c-1001@shop");
              assertThat(claim.expires()).isEqualTo(T.plus(Duration.ofDays(7)));
            });
    assertThat(tokens.verify(token, T.plus(Duration.ofDays(7)))).isEmpty();
  }

  @Test
  void tamperedForeignOrMalformedTokensAreRefused() {
    String token = tokens.sign("c-1", "li.lei@example.com", T);
    char last = token.charAt(token.length() - 2);
    String tampered =
        token.substring(0, token.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + token.charAt(token.length() - 1);
    OptInTokens otherKey =
        new OptInTokens(() -> "key-2".getBytes(StandardCharsets.UTF_8), Duration.ofDays(7));

    assertThat(tokens.verify(tampered, T)).isEmpty();
    assertThat(otherKey.verify(token, T)).isEmpty();
    assertThat(tokens.verify("not a token", T)).isEmpty();
    assertThat(tokens.verify("", T)).isEmpty();
    assertThat(tokens.verify(null, T)).isEmpty();
    assertThat(tokens.verify(token + "=", T)).isEmpty();
  }

  @Test
  void aTokenIsBoundToTheAddressItWasSentToWithoutCarryingIt() {
    String token = tokens.sign("c-1", "li.lei@example.com", T);
    OptInTokens.Claim claim = tokens.verify(token, T).orElseThrow();

    assertThat(tokens.sentTo(claim, "li.lei@example.com")).isTrue();
    assertThat(tokens.sentTo(claim, " Li.Lei@Example.COM ")).as("normalised").isTrue();
    assertThat(tokens.sentTo(claim, "han.meimei@example.com")).isFalse();
    assertThat(tokens.sentTo(claim, null)).isFalse();
    String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1);
    assertThat(raw).contains("c-1").doesNotContain("li.lei").doesNotContain("example.com");
    OptInTokens otherKey =
        new OptInTokens(() -> "key-2".getBytes(StandardCharsets.UTF_8), Duration.ofDays(7));
    assertThat(claim.address())
        .as("keyed: the hash alone does not reveal a guessed address")
        .isNotEqualTo(
            otherKey
                .verify(otherKey.sign("c-1", "li.lei@example.com", T), T)
                .orElseThrow()
                .address());
  }

  @Test
  void aVersion1TokenWithoutAnAddressIsRefused() throws Exception {
    byte[] id = "c-1".getBytes(StandardCharsets.UTF_8);
    byte[] body =
        ByteBuffer.allocate(1 + Long.BYTES + id.length)
            .put((byte) 1)
            .putLong(T.plus(Duration.ofDays(7)).getEpochSecond())
            .put(id)
            .array();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("key-1".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] token = Arrays.copyOf(body, body.length + 16);
    System.arraycopy(mac.doFinal(body), 0, token, body.length, 16);

    assertThat(tokens.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(token), T))
        .isEmpty();
  }

  @Test
  void theConfirmationEmailGetsASignedLinkUnderThePublicUrlWhenRendered() {
    ClockUtil.setCurrentTime(Date.from(T));
    try {
      OptInConfirmationLink links =
          new OptInConfirmationLink(
              tokens,
              new JourneysProperties(
                  URI.create("https://journeys.example/"), null, null, null, null));
      assertThat(links.linksFor("lead-welcome", "c-7", "fang.wang@example.com")).isEmpty();

      Map<String, Object> model =
          links.linksFor(OptInConfirmationLink.TEMPLATE, "c-7", "fang.wang@example.com");
      String url = (String) model.get(OptInConfirmationLink.CONFIRM_URL);
      assertThat(url).startsWith("https://journeys.example/optin/");
      assertThat(tokens.verify(url.substring(url.lastIndexOf('/') + 1), T))
          .hasValueSatisfying(
              claim -> {
                assertThat(claim.contactId()).isEqualTo("c-7");
                assertThat(claim.expires()).isEqualTo(T.plus(Duration.ofDays(7)));
                assertThat(tokens.sentTo(claim, "fang.wang@example.com")).isTrue();
              });
    } finally {
      ClockUtil.reset();
    }
  }
}
