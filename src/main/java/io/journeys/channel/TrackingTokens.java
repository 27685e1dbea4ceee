package io.journeys.channel;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Signed, compact, URL-safe tokens of the public tracking and unsubscribe links (docs/contract.md
 * §3). A token is base64url(kind, message id as 16 bytes, url as UTF-8 for clicks, then the first
 * 16 bytes of HMAC-SHA256 over all of that). Only http and https links are ever signed.
 */
@Component
public class TrackingTokens {

  /** What a token lets its bearer do. */
  public enum Kind {
    OPEN('o'),
    CLICK('c'),
    UNSUBSCRIBE('u');

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

  private final SealedTokens sealed;

  @Autowired
  TrackingTokens(ServerSecret secret) {
    this(() -> secret.derive("tracking-tokens"));
  }

  TrackingTokens(Supplier<byte[]> key) {
    this.sealed = new SealedTokens(key);
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
    Optional<byte[]> opened = sealed.open(token, 8192, 1 + ID_BYTES);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    byte[] payload = opened.get();
    Optional<Kind> kind = Kind.of(payload[0]);
    if (kind.isEmpty() || kind.get() != expected) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(payload, 1, ID_BYTES);
    String messageId = new UUID(buffer.getLong(), buffer.getLong()).toString();
    String url = null;
    if (expected == Kind.CLICK) {
      url =
          new String(payload, 1 + ID_BYTES, payload.length - 1 - ID_BYTES, StandardCharsets.UTF_8);
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
    payload
        .put(kind.code)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .put(urlBytes);
    return sealed.seal(payload.array());
  }
}
