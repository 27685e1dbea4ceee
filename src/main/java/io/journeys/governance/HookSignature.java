package io.journeys.governance;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a provider callback: {@code X-Journeys-Signature: sha256=<hex>}, the HMAC-SHA256
 * with the provider's secret of {@code <X-Journeys-Timestamp>.<body>}, the timestamp in epoch
 * seconds and within {@code maxSkew} of now. Compared in constant time.
 */
final class HookSignature {

  static final String PREFIX = "sha256=";

  private HookSignature() {}

  /** Why the callback is refused, or empty when it is signed and fresh. */
  static Optional<String> problem(
      String secret,
      String timestamp,
      String signature,
      byte[] body,
      Instant now,
      Duration maxSkew) {
    if (timestamp == null || signature == null) {
      return Optional.of("X-Journeys-Timestamp and X-Journeys-Signature are required");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Optional.of("X-Journeys-Timestamp is not epoch seconds");
    }
    if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(maxSkew) > 0) {
      return Optional.of("X-Journeys-Timestamp is outside the allowed window");
    }
    byte[] expected = sign(secret, timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
    byte[] given =
        signature.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given)
        ? Optional.empty()
        : Optional.of("the signature does not match");
  }

  /** {@code sha256=<hex>} of {@code <timestamp>.<body>}. */
  static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
