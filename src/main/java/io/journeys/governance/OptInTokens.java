package io.journeys.governance;

import io.journeys.channel.SealedTokens;
import io.journeys.channel.ServerSecret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Signed tokens of double opt-in confirmation links ({@code /optin/{token}}), in the style of the
 * tracking tokens: base64url(version, expiry as epoch seconds, the address, contact id as UTF-8,
 * then the first 16 bytes of HMAC-SHA256 over all of that), keyed with a key of their own derived
 * from the server secret. The address is the email the link was sent to, as the first 16 bytes of
 * an HMAC-SHA256 of the normalised (trimmed, lower-case) address under the same key, never the
 * address in clear: a link confirms consent only while the contact still has that address. A token
 * is valid until its expiry ({@code journeys.send-rules.opt-in-link-validity}, default {@code P7D},
 * as long as the confirmation journey waits). Tokens of version 1 (before links were bound to the
 * address) are refused.
 */
@Component
class OptInTokens {

  /**
   * What a valid token says: the contact, the keyed hash of the address the link was sent to (hex;
   * compare with {@link #sentTo}) and the expiry.
   */
  record Claim(String contactId, String address, Instant expires) {}

  private static final byte VERSION = 2;
  private static final int ADDRESS_BYTES = 16;
  private static final int HEAD_BYTES = 1 + Long.BYTES + ADDRESS_BYTES;
  private static final byte[] ADDRESS_DOMAIN = "opt-in-address:".getBytes(StandardCharsets.UTF_8);

  private final SealedTokens sealed;
  private final Duration validity;

  @Autowired
  OptInTokens(
      ServerSecret secret,
      @Value("${journeys.send-rules.opt-in-link-validity:P7D}") Duration validity) {
    this(() -> secret.derive("opt-in-tokens"), validity);
  }

  OptInTokens(Supplier<byte[]> key, Duration validity) {
    this.sealed = new SealedTokens(key);
    this.validity = validity;
  }

  /** A link for the contact, bound to {@code email}, the address it is sent to. */
  String sign(String contactId, String email, Instant now) {
    byte[] id = contactId.getBytes(StandardCharsets.UTF_8);
    byte[] body =
        ByteBuffer.allocate(HEAD_BYTES + id.length)
            .put(VERSION)
            .putLong(now.plus(validity).getEpochSecond())
            .put(address(email))
            .put(id)
            .array();
    return sealed.seal(body);
  }

  /** The claim of a well-formed, untampered token that has not expired at {@code now}. */
  Optional<Claim> verify(String token, Instant now) {
    Optional<byte[]> opened = sealed.open(token, 1024, HEAD_BYTES + 1);
    if (opened.isEmpty() || opened.get()[0] != VERSION) {
      return Optional.empty();
    }
    byte[] body = opened.get();
    Instant expires = Instant.ofEpochSecond(ByteBuffer.wrap(body, 1, Long.BYTES).getLong());
    if (!now.isBefore(expires)) {
      return Optional.empty();
    }
    String address = HexFormat.of().formatHex(body, 1 + Long.BYTES, HEAD_BYTES);
    String contactId =
        new String(body, HEAD_BYTES, body.length - HEAD_BYTES, StandardCharsets.UTF_8);
    return Optional.of(new Claim(contactId, address, expires));
  }

  /** Whether the claim's link was sent to {@code email} (false for none). */
  boolean sentTo(Claim claim, String email) {
    return email != null
        && MessageDigest.isEqual(
            HexFormat.of().formatHex(address(email)).getBytes(StandardCharsets.US_ASCII),
            claim.address().getBytes(StandardCharsets.US_ASCII));
  }

  private byte[] address(String email) {
    byte[] normalised = email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    byte[] input = Arrays.copyOf(ADDRESS_DOMAIN, ADDRESS_DOMAIN.length + normalised.length);
    System.arraycopy(normalised, 0, input, ADDRESS_DOMAIN.length, normalised.length);
    return Arrays.copyOf(sealed.hmac(input), ADDRESS_BYTES);
  }
}
