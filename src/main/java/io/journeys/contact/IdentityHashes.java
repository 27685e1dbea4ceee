package io.journeys.contact;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Hashes of normalised identities (emails, phone numbers) and of event ids that named a person,
 * kept after erasure and for suppression: hex HMAC-SHA256 under a key derived from the server
 * secret. A plain SHA-256 of a phone number is reversed by trying the ~10^11 numbers; the keyed
 * hash is not without the secret (docs/hardening.md, finding 12).
 *
 * <p>Rows written before the keyed hash hold the plain SHA-256 ({@link #legacy}); lookups try both
 * ({@link #candidates}) and their owners replace a legacy hash found by a lookup with the keyed
 * one. Changing {@code JOURNEYS_SECRET} orphans every keyed hash.
 */
@Component
public class IdentityHashes {

  static final String PURPOSE = "identity-hash";

  private final byte[] key;

  public IdentityHashes(HashKey keys) {
    this.key = keys.derive(PURPOSE);
  }

  /** The keyed hash of an already normalised identity. */
  public String hash(String normalised) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** The plain SHA-256 written before the keyed hash; only for finding old rows. */
  public static String legacy(String normalised) {
    return Identities.hash(normalised);
  }

  /** The keyed hash first, then the legacy one. */
  public List<String> candidates(String normalised) {
    return List.of(hash(normalised), legacy(normalised));
  }
}
