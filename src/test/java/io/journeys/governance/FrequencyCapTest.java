package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrequencyCapTest {

  @Test
  void parsesTheSeeds() {
    assertThat(FrequencyCap.parseAll("all", "2/P1D, 3/P3D tag=new-member, 2/P30D tag=vip"))
        .containsExactly(
            new FrequencyCap("all", 2, Duration.ofDays(1), null),
            new FrequencyCap("all", 3, Duration.ofDays(3), "new-member"),
            new FrequencyCap("all", 2, Duration.ofDays(30), "vip"));
    assertThat(FrequencyCap.parseAll("email", "2/P1D").get(0).describe()).isEqualTo("email 2/P1D");
    assertThat(FrequencyCap.parseAll("sms", "1/PT12H").get(0).window())
        .isEqualTo(Duration.ofHours(12));
  }

  @Test
  void refusesWhatIsNotACap() {
    assertThatThrownBy(() -> FrequencyCap.parseAll("email", "two a day"))
        .hasMessageContaining("journeys.send-rules.caps.email");
    assertThatThrownBy(() -> FrequencyCap.parseAll("email", "2/P1M"))
        .hasMessageContaining("ISO-8601 duration");
  }

  @Test
  void appliesByChannelAndTag() {
    FrequencyCap email = new FrequencyCap("email", 2, Duration.ofDays(1), null);
    FrequencyCap vip = new FrequencyCap("all", 2, Duration.ofDays(30), "vip");
    assertThat(email.appliesTo("email", Set.of())).isTrue();
    assertThat(email.appliesTo("sms", Set.of())).isFalse();
    assertThat(vip.appliesTo("sms", Set.of("vip"))).isTrue();
    assertThat(vip.appliesTo("sms", Set.of("new-member"))).isFalse();
    assertThat(vip.appliesTo("sms", null)).isFalse();
  }
}
