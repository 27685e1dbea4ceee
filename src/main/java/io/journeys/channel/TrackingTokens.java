package io.journeys.channel;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Signed, compact, URL-safe tokens of the public tracking and unsubscribe links (CONTRACT.md §3).
 * A token is base64url(kind, message id as 16 bytes, url as UTF-8 for clicks, then the first 16
 * bytes of HMAC-SHA256 over all of that). Only http and https links are ever signed.
 */
@Component
public class TrackingTokens {

  /** What a token lets its bearer do. */
  public enum Kind {
    OPEN('o'), CLICK('c'), UNSUBSCRIBE('u');

    private final byte code;

    Kind(char code) {
      this.code = (byte) code;
    }

    static Optional<Kind> of(byte code) {
      return Arrays.stream(values()).filter(k -> k.code == code).findFirst();
    }
  }

  /** What a valid token says; {@code url} is set for clicks only. */
  public record Claim(Kind kind, String messageId, String url) {}

  private static final int ID_BYTES = 16;
  private static final int MAC_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final Supplier<byte[]> key;

  @Autowired
  TrackingTokens(ServerSecret secret) {
    this(() -> secret.derive("tracking-tokens"));
  }

  TrackingTokens(Supplier<byte[]> key) {
    this.key = key;
  }

  public String open(String messageId) {
    return sign(Kind.OPEN, messageId, null);
  }

  public String click(String messageId, String url) {
    if (!isTrackable(url)) {
      throw new IllegalArgumentException("only absolute http(s) links are signed");
    }
    return sign(Kind.CLICK, messageId, url);
  }

  public String unsubscribe(String messageId) {
    return sign(Kind.UNSUBSCRIBE, messageId, null);
  }

  /** The claim of a token of the expected kind; empty when it is malformed or tampered with. */
  public Optional<Claim> verify(Kind expected, String token) {
    if (token == null || token.length() > 8192) {
      return Optional.empty();
    }
    byte[] raw;
    try {
      raw = DECODER.decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (raw.length < 1 + ID_BYTES + MAC_BYTES || !ENCODER.encodeToString(raw).equals(token)) {
      // the second test refuses non-canonical spellings: the last base64 character carries
      // unused bits, so another character there would decode to the same bytes
      return Optional.empty();
    }
    byte[] payload = Arrays.copyOf(raw, raw.length - MAC_BYTES);
    byte[] mac = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
    if (!MessageDigest.isEqual(mac, mac(payload))) {
      return Optional.empty();
    }
    Optional<Kind> kind = Kind.of(payload[0]);
    if (kind.isEmpty() || kind.get() != expected) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(payload, 1, ID_BYTES);
    String messageId = new UUID(buffer.getLong(), buffer.getLong()).toString();
    String url = null;
    if (expected == Kind.CLICK) {
      url = new String(payload, 1 + ID_BYTES, payload.length - 1 - ID_BYTES, StandardCharsets.UTF_8);
      if (!isTrackable(url)) {
        return Optional.empty();
      }
    }
    return Optional.of(new Claim(expected, messageId, url));
  }

  /** Whether a link may be signed: absolute, http or https, with a host. */
  static boolean isTrackable(String url) {
    if (url == null) {
      return false;
    }
    try {
      URI uri = URI.create(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private String sign(Kind kind, String messageId, String url) {
    UUID id = UUID.fromString(messageId);
    byte[] urlBytes = url == null ? new byte[0] : url.getBytes(StandardCharsets.UTF_8);
    ByteBuffer payload = ByteBuffer.allocate(1 + ID_BYTES + urlBytes.length);
    payload.put(kind.code).putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits()).put(urlBytes);
    byte[] body = payload.array();
    byte[] token = Arrays.copyOf(body, body.length + MAC_BYTES);
    System.arraycopy(mac(body), 0, token, body.length, MAC_BYTES);
    return ENCODER.encodeToString(token);
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
