package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.contact.ContactView;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The "best channel" rule: preferred channel, else seed 004's 年轻用户优先企微/短信, else SMS first. */
class BestChannelTest {

  @Test
  void thePreferredChannelWinsWhenTheContactCanBeReachedThere() {
    assertThat(BestChannel.of(contact(Map.of("preferredChannel", "Email", "age", 22), Map.of())))
        .isEqualTo("email");
    assertThat(BestChannel.of(contact(Map.of("preferredChannel", "email"), Map.of("email", false))))
        .as("no email consent: the rule decides")
        .isEqualTo("sms");
    assertThat(BestChannel.of(contact(Map.of("preferredChannel", "wecom"), Map.of())))
        .as("no WeCom user id")
        .isEqualTo("sms");
  }

  @Test
  void youngContactsGetWeComFirstThenSms() {
    assertThat(BestChannel.of(contact(Map.of("age", 28, "wecomUserId", "wx-1"), Map.of())))
        .isEqualTo("wecom");
    assertThat(BestChannel.of(contact(Map.of("age", "34"), Map.of()))).isEqualTo("sms");
    assertThat(
            BestChannel.of(
                contact(Map.of("age", 28, "wecomUserId", "wx-1"), Map.of("wecom", false))))
        .isEqualTo("sms");
  }

  @Test
  void everyoneElseGetsSmsThenEmailThenWeComThenPush() {
    assertThat(BestChannel.of(contact(Map.of("age", 35, "wecomUserId", "wx-1"), Map.of())))
        .isEqualTo("sms");
    assertThat(BestChannel.of(contact(Map.of(), Map.of("sms", false)))).isEqualTo("email");
    assertThat(
            BestChannel.of(
                contact(Map.of("wecomUserId", "wx-1"), Map.of("sms", false, "email", false))))
        .isEqualTo("wecom");
    assertThat(BestChannel.of(contact(Map.of(), Map.of("sms", false, "email", false))))
        .isEqualTo("push");
  }

  private static ContactView contact(Map<String, Object> attributes, Map<String, Boolean> consent) {
    return new ContactView(
        "c-1",
        "c1@example.com",
        "+86 138 0013 8000",
        "Mei",
        "Han",
        "Asia/Shanghai",
        "zh-CN",
        "customer",
        0,
        attributes,
        consent,
        Set.of(),
        Instant.EPOCH,
        Instant.EPOCH);
  }
}
