package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HookSignatureTest {

  private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(5);
  private static final byte[] BODY =
      "{\"type\":\"bounced\",\"messageId\":\"m-1\",\"hard\":true}".getBytes(StandardCharsets.UTF_8);

  private static String ts(Instant at) {
    return Long.toString(at.getEpochSecond());
  }

  @Test
  void signatureIsHmacSha256OfTimestampDotBody() {
    // printf '%s' '1795420800.{"type":"bounced","messageId":"m-1","hard":true}' \
    //   | openssl dgst -sha256 -hmac s3cret
    assertThat(HookSignature.sign("s3cret", "1795420800", BODY))
        .isEqualTo("sha256=6b73cf283f53d67564abd9bf44d041dcd04cb937f303a9202ed3fd5d03a685ea");
    assertThat(HookSignature.sign("s3cret", "1795420800", BODY))
        .isNotEqualTo(HookSignature.sign("s3cret", "1795420801", BODY))
        .isNotEqualTo(HookSignature.sign("other", "1795420800", BODY));
  }

  @Test
  void aSignedFreshCallbackPasses() {
    String signature = HookSignature.sign("s3cret", ts(NOW), BODY);
    assertThat(HookSignature.problem("s3cret", ts(NOW), signature, BODY, NOW, WINDOW)).isEmpty();
    assertThat(
            HookSignature.problem(
                "s3cret",
                ts(NOW),
                signature.toUpperCase().replace("SHA256", "sha256"),
                BODY,
                NOW,
                WINDOW))
        .as("hex in upper case")
        .isEmpty();
    assertThat(
            HookSignature.problem(
                "s3cret",
                ts(NOW.minusSeconds(299)),
                HookSignature.sign("s3cret", ts(NOW.minusSeconds(299)), BODY),
                BODY,
                NOW,
                WINDOW))
        .isEmpty();
  }

  @Test
  void aWrongSecretOrAlteredBodyFails() {
    String signature = HookSignature.sign("s3cret", ts(NOW), BODY);
    assertThat(HookSignature.problem("other", ts(NOW), signature, BODY, NOW, WINDOW))
        .contains("the signature does not match");
    byte[] altered =
        "{\"type\":\"bounced\",\"messageId\":\"m-2\",\"hard\":true}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(HookSignature.problem("s3cret", ts(NOW), signature, altered, NOW, WINDOW))
        .contains("the signature does not match");
    assertThat(HookSignature.problem("s3cret", ts(NOW), null, BODY, NOW, WINDOW)).isPresent();
  }

  @Test
  void aStaleOrFutureTimestampFails() {
    Instant stale = NOW.minus(Duration.ofMinutes(5)).minusSeconds(1);
    Instant future = NOW.plus(Duration.ofMinutes(6));
    assertThat(
            HookSignature.problem(
                "s3cret",
                ts(stale),
                HookSignature.sign("s3cret", ts(stale), BODY),
                BODY,
                NOW,
                WINDOW))
        .contains("X-Journeys-Timestamp is outside the allowed window");
    assertThat(
            HookSignature.problem(
                "s3cret",
                ts(future),
                HookSignature.sign("s3cret", ts(future), BODY),
                BODY,
                NOW,
                WINDOW))
        .isPresent();
    assertThat(HookSignature.problem("s3cret", "yesterday", "sha256=00", BODY, NOW, WINDOW))
        .contains("X-Journeys-Timestamp is not epoch seconds");
  }

  @Test
  void stopWords() {
    assertThat(ProviderCallbacks.isStop("TD")).isTrue();
    assertThat(ProviderCallbacks.isStop(" td \n")).isTrue();
    assertThat(ProviderCallbacks.isStop("退订")).isTrue();
    assertThat(ProviderCallbacks.isStop("Stop")).isTrue();
    assertThat(ProviderCallbacks.isStop("STOP")).isTrue();
    assertThat(ProviderCallbacks.isStop("don't stop")).isFalse();
    assertThat(ProviderCallbacks.isStop("谢谢")).isFalse();
    assertThat(ProviderCallbacks.isStop(null)).isFalse();
  }
}
