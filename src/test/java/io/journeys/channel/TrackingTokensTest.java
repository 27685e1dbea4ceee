package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrackingTokensTest {

  private final TrackingTokens tokens =
      new TrackingTokens(() -> "test-key-0123456789".getBytes(StandardCharsets.UTF_8));
  private final String messageId = UUID.randomUUID().toString();

  @Test
  void clickTokenCarriesMessageAndUrl() {
    String url = "https://shop.example.com/p/42?utm_source=journeys&utm_campaign=x#top";
    String token = tokens.click(messageId, url);

    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(tokens.verify(TrackingTokens.Kind.CLICK, token))
        .contains(new TrackingTokens.Claim(TrackingTokens.Kind.CLICK, messageId, url));
  }

  @Test
  void openAndUnsubscribeTokensAreCompact() {
    String open = tokens.open(messageId);
    String unsubscribe = tokens.unsubscribe(messageId);

    assertThat(open).hasSize(44);
    assertThat(tokens.verify(TrackingTokens.Kind.OPEN, open))
        .get()
        .extracting(TrackingTokens.Claim::messageId)
        .isEqualTo(messageId);
    assertThat(tokens.verify(TrackingTokens.Kind.UNSUBSCRIBE, unsubscribe))
        .get()
        .extracting(TrackingTokens.Claim::messageId)
        .isEqualTo(messageId);
  }

  @Test
  void tokenOfAnotherKindIsRefused() {
    assertThat(tokens.verify(TrackingTokens.Kind.UNSUBSCRIBE, tokens.open(messageId))).isEmpty();
    assertThat(
            tokens.verify(TrackingTokens.Kind.OPEN, tokens.click(messageId, "https://a.example/")))
        .isEmpty();
  }

  @Test
  void everyTamperedCharacterIsRefused() {
    String token = tokens.click(messageId, "https://shop.example.com/");
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      String tampered = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
      assertThat(tokens.verify(TrackingTokens.Kind.CLICK, tampered)).as("position %d", i).isEmpty();
    }
  }

  @Test
  void swappedUrlWithOriginalSignatureIsRefused() {
    byte[] raw = Base64.getUrlDecoder().decode(tokens.click(messageId, "https://good.example/"));
    byte[] evil = "https://evil.example".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(evil, 0, raw, 17, evil.length);
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

    assertThat(tokens.verify(TrackingTokens.Kind.CLICK, forged)).isEmpty();
  }

  @Test
  void malformedTokensAreRefused() {
    assertThat(tokens.verify(TrackingTokens.Kind.OPEN, null)).isEmpty();
    assertThat(tokens.verify(TrackingTokens.Kind.OPEN, "")).isEmpty();
    assertThat(tokens.verify(TrackingTokens.Kind.OPEN, "not a token!")).isEmpty();
    assertThat(tokens.verify(TrackingTokens.Kind.OPEN, "abc")).isEmpty();
    assertThat(tokens.verify(TrackingTokens.Kind.OPEN, "x".repeat(10_000))).isEmpty();
  }

  @Test
  void tokenOfAnotherKeyIsRefused() {
    TrackingTokens other = new TrackingTokens(() -> "another-key".getBytes(StandardCharsets.UTF_8));
    assertThat(other.verify(TrackingTokens.Kind.OPEN, tokens.open(messageId))).isEmpty();
  }

  @Test
  void onlyHttpLinksAreSigned() {
    assertThatThrownBy(() -> tokens.click(messageId, "javascript:alert(1)"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.click(messageId, "mailto:someone@example.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.click(messageId, "/relative"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(TrackingTokens.isTrackable("HTTP://Shop.Example.com/x")).isTrue();
  }
}
