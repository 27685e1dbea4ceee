package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.channel.SendRequest;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactView;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The double opt-in rule of the send rules: a contact whose email consent awaits confirmation gets
 * only the confirmation email, at any hour and beyond the caps, unless its address is suppressed;
 * nobody else gets a confirmation email.
 */
class DoubleOptInRulesTest {

  /** 23:00 in Shanghai: quiet hours. */
  private static final Instant NIGHT = Instant.parse("2026-11-23T15:00:00Z");

  private final Set<String> pending = new HashSet<>();
  private SuppressionList suppressions;
  private SendRules rules;

  @BeforeEach
  void setUp() {
    DataSource ds = SendRulesTest.migratedH2();
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    DataSourceTransactionManager tx = new DataSourceTransactionManager(ds);
    suppressions = new SuppressionList(jdbc, tx, SendRulesTest.HASHES);
    SendRulesProperties properties =
        new SendRulesProperties(
            Map.of("all", "1/P1D"),
            new SendRulesProperties.QuietHours(true, LocalTime.of(21, 0), LocalTime.of(8, 0), null),
            null,
            null,
            null);
    rules =
        new SendRules(
            suppressions,
            new SendCounter(jdbc, tx),
            SendRulesTest.ignoredEmails(jdbc.getDataSource()),
            properties,
            () -> NIGHT,
            (contactId, channel) -> pending.contains(contactId + "/" + channel));
  }

  @Test
  void aPendingContactGetsOnlyTheConfirmationEmailAtOnce() {
    ContactView c = contact("c-1", Map.of("email", false, "sms", true));
    pending.add("c-1/email");

    assertThat(check(c, "email", "lead-welcome"))
        .isEqualTo("SUPPRESSED: email consent awaiting confirmation");
    assertThat(check(c, "email", OptIn.TEMPLATE))
        .as("not deferred by quiet hours")
        .isEqualTo("SENT");
    assertThat(check(c, "email", OptIn.TEMPLATE))
        .as("not counted by the 1/P1D cap")
        .isEqualTo("SENT");
    assertThat(check(c, "sms", "cart-sms-video"))
        .as("other channels: the usual rules")
        .startsWith("DEFERRED");
  }

  @Test
  void theConfirmationEmailGoesToNobodyElseNorToASuppressedAddress() {
    ContactView confirmed = contact("c-2", Map.of("email", true));
    assertThat(check(confirmed, "email", OptIn.TEMPLATE))
        .isEqualTo("SKIPPED: no email consent awaiting confirmation");
    assertThat(check(confirmed, "sms", OptIn.TEMPLATE))
        .isEqualTo("SKIPPED: the confirmation goes by email only");

    ContactView bounced = contact("c-3", Map.of("email", false));
    pending.add("c-3/email");
    suppressions.suppress("email", bounced.email(), "hard-bounce", NIGHT);
    assertThat(check(bounced, "email", OptIn.TEMPLATE))
        .isEqualTo("SUPPRESSED: email address suppressed (hard-bounce)");
  }

  @Test
  void withoutAPendingConsentTheUsualRulesApply() {
    ContactView c = contact("c-4", Map.of("email", false));
    assertThat(check(c, "email", "lead-welcome")).isEqualTo("SUPPRESSED: no consent for email");
  }

  private String check(ContactView contact, String channel, String template) {
    return rules
        .check(
            UUID.randomUUID().toString(),
            new SendRequest(
                "pi:Task_Send:" + UUID.randomUUID(),
                contact.id(),
                Channel.parse(channel).orElseThrow(),
                template,
                "pi",
                "Task_Send",
                Map.of()),
            contact)
        .describe();
  }

  private static ContactView contact(String id, Map<String, Boolean> consent) {
    return SendRulesTest.contact(id, "Asia/Shanghai", consent, Set.of());
  }
}
