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
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Signed tokens of double opt-in confirmation links ({@code /optin/{token}}), in the style of the
 * tracking tokens: base64url(version, expiry as epoch seconds, the address, contact id as UTF-8,
 * then the first 16 bytes of HMAC-SHA256 over all of that), keyed with a key of their own derived
 * from the server secret. The address is the email the link was sent to, as the first 16 bytes of
 * an HMAC-SHA256 of the normalised (trimmed, lower-case) address under the same key, never the
 * address in clear: a link confirms consent only while the contact still has that address. A
 * token is valid until its expiry ({@code journeys.send-rules.opt-in-link-validity}, default
 * {@code P7D}, as long as the confirmation journey waits). Tokens of version 1 (before links were
 * bound to the address) are refused.
 */
@Component
class OptInTokens {

  /**
   * What a valid token says: the contact, the keyed hash of the address the link was sent to
   * (hex; compare with {@link #sentTo}) and the expiry.
   */
  record Claim(String contactId, String address, Instant expires) {}

  private static final byte VERSION = 2;
  private static final int MAC_BYTES = 16;
  private static final int ADDRESS_BYTES = 16;
  private static final int HEAD_BYTES = 1 + Long.BYTES + ADDRESS_BYTES;
  private static final byte[] ADDRESS_DOMAIN = "opt-in-address:".getBytes(StandardCharsets.UTF_8);
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

  /** A link for the contact, bound to {@code email}, the address it is sent to. */
  String sign(String contactId, String email, Instant now) {
    byte[] id = contactId.getBytes(StandardCharsets.UTF_8);
    byte[] body = ByteBuffer.allocate(HEAD_BYTES + id.length).put(VERSION)
        .putLong(now.plus(validity).getEpochSecond()).put(address(email)).put(id).array();
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
    String address = HexFormat.of().formatHex(body, 1 + Long.BYTES, HEAD_BYTES);
    String contactId = new String(body, HEAD_BYTES, body.length - HEAD_BYTES,
        StandardCharsets.UTF_8);
    return Optional.of(new Claim(contactId, address, expires));
  }

  /** Whether the claim's link was sent to {@code email} (false for none). */
  boolean sentTo(Claim claim, String email) {
    return email != null && MessageDigest.isEqual(
        HexFormat.of().formatHex(address(email)).getBytes(StandardCharsets.US_ASCII),
        claim.address().getBytes(StandardCharsets.US_ASCII));
  }

  private byte[] address(String email) {
    byte[] normalised = email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    byte[] input = Arrays.copyOf(ADDRESS_DOMAIN, ADDRESS_DOMAIN.length + normalised.length);
    System.arraycopy(normalised, 0, input, ADDRESS_DOMAIN.length, normalised.length);
    return Arrays.copyOf(hmac(input), ADDRESS_BYTES);
  }

  private byte[] mac(byte[] payload) {
    return Arrays.copyOf(hmac(payload), MAC_BYTES);
  }

  private byte[] hmac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
