package io.journeys.channel;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The envelope of our signed link tokens (tracking, unsubscribe, double opt-in): base64url without
 * padding of a body followed by the first 16 bytes of HMAC-SHA256 of that body under the feature's
 * own key. What the body holds is the caller's business.
 */
public final class SealedTokens {

  private static final int MAC_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final Supplier<byte[]> key;

  public SealedTokens(Supplier<byte[]> key) {
    this.key = key;
  }

  /** The token of this body. */
  public String seal(byte[] body) {
    byte[] token = Arrays.copyOf(body, body.length + MAC_BYTES);
    System.arraycopy(hmac(body), 0, token, body.length, MAC_BYTES);
    return ENCODER.encodeToString(token);
  }

  /**
   * The body of a token of at most {@code maxChars} characters, spelled canonically, whose body has
   * at least {@code minBodyBytes} bytes and whose MAC matches; empty for anything else.
   */
  public Optional<byte[]> open(String token, int maxChars, int minBodyBytes) {
    if (token == null || token.length() > maxChars) {
      return Optional.empty();
    }
    byte[] raw;
    try {
      raw = DECODER.decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (raw.length < minBodyBytes + MAC_BYTES || !ENCODER.encodeToString(raw).equals(token)) {
      // the second test refuses non-canonical spellings: the last base64 character carries
      // unused bits, so another character there would decode to the same bytes
      return Optional.empty();
    }
    byte[] body = Arrays.copyOf(raw, raw.length - MAC_BYTES);
    byte[] mac = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
    if (!MessageDigest.isEqual(mac, Arrays.copyOf(hmac(body), MAC_BYTES))) {
      return Optional.empty();
    }
    return Optional.of(body);
  }

  /** The whole HMAC-SHA256 of {@code input} under this key. */
  public byte[] hmac(byte[] input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
