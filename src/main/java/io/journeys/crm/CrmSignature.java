package io.journeys.crm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Journeys-Signature} header of CRM sync requests (docs/contract.md §5): {@code
 * sha256=<lowercase hex HMAC-SHA256 of the exact body bytes under the shared secret>}. A receiver
 * recomputes it over the raw body and compares in constant time.
 */
public final class CrmSignature {

  public static final String HEADER = "X-Journeys-Signature";

  private CrmSignature() {}

  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
