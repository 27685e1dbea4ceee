package io.journeys.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CrmSignatureTest {

  @Test
  void matchesRfc4231TestCase2() {
    byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

    assertThat(CrmSignature.sign("Jefe", body))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void signsTheExactBytes() {
    assertThat(CrmSignature.sign("s", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
        .isNotEqualTo(CrmSignature.sign("s", "{\"a\": 1}".getBytes(StandardCharsets.UTF_8)));
  }
}
