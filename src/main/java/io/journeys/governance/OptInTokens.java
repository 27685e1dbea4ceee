package io.journeys.governance;

import io.journeys.channel.ServerSecret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Signed tokens of double opt-in confirmation links ({@code /optin/{token}}), in the style of the
 * tracking tokens: base64url(version, expiry as epoch seconds, contact id as UTF-8, then the first
 * 16 bytes of HMAC-SHA256 over all of that), keyed with a key of their own derived from the server
 * secret. A token is valid until its expiry ({@code journeys.send-rules.opt-in-link-validity},
 * default {@code P7D}, as long as the confirmation journey waits).
 */
@Component
class OptInTokens {

  /** What a valid token says. */
  record Claim(String contactId, Instant expires) {}

  private static final byte VERSION = 1;
  private static final int MAC_BYTES = 16;
  private static final int HEAD_BYTES = 1 + Long.BYTES;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final Supplier<byte[]> key;
  private final Duration validity;

  @Autowired
  OptInTokens(ServerSecret secret,
      @Value("${journeys.send-rules.opt-in-link-validity:P7D}") Duration validity) {
    this(() -> secret.derive("opt-in-tokens"), validity);
  }

  OptInTokens(Supplier<byte[]> key, Duration validity) {
    this.key = key;
    this.validity = validity;
  }

  String sign(String contactId, Instant now) {
    byte[] id = contactId.getBytes(StandardCharsets.UTF_8);
    byte[] body = ByteBuffer.allocate(HEAD_BYTES + id.length).put(VERSION)
        .putLong(now.plus(validity).getEpochSecond()).put(id).array();
    byte[] token = Arrays.copyOf(body, body.length + MAC_BYTES);
    System.arraycopy(mac(body), 0, token, body.length, MAC_BYTES);
    return ENCODER.encodeToString(token);
  }

  /** The claim of a well-formed, untampered token that has not expired at {@code now}. */
  Optional<Claim> verify(String token, Instant now) {
    if (token == null || token.length() > 1024) {
      return Optional.empty();
    }
    byte[] raw;
    try {
      raw = DECODER.decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // the second test refuses non-canonical spellings of the same bytes
    if (raw.length <= HEAD_BYTES + MAC_BYTES || !ENCODER.encodeToString(raw).equals(token)) {
      return Optional.empty();
    }
    byte[] body = Arrays.copyOf(raw, raw.length - MAC_BYTES);
    byte[] mac = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
    if (!MessageDigest.isEqual(mac, mac(body)) || body[0] != VERSION) {
      return Optional.empty();
    }
    Instant expires = Instant.ofEpochSecond(ByteBuffer.wrap(body, 1, Long.BYTES).getLong());
    if (!now.isBefore(expires)) {
      return Optional.empty();
    }
    String contactId = new String(body, HEAD_BYTES, body.length - HEAD_BYTES,
        StandardCharsets.UTF_8);
    return Optional.of(new Claim(contactId, expires));
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
      return Arrays.copyOf(mac.doFinal(payload), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
