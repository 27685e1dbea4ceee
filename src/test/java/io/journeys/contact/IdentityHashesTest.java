package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Finding 12: suppression hashes are keyed by the server secret. */
class IdentityHashesTest {

  private static IdentityHashes under(String secret) {
    return new IdentityHashes(purpose -> (secret + ":" + purpose).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theHashDependsOnTheKeyAndIsNotThePlainSha256() {
    String phone = "+8613800138000";
    assertThat(under("a").hash(phone))
        .hasSize(64)
        .isEqualTo(under("a").hash(phone))
        .isNotEqualTo(under("b").hash(phone))
        .isNotEqualTo(IdentityHashes.legacy(phone));
    assertThat(under("a").candidates(phone))
        .containsExactly(under("a").hash(phone), Identities.hash(phone));
  }
}
