package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeys.channel.SendGate.Verdict;
import io.journeys.channel.SendRequest;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactView;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A send step's send window (seed 001 "调整发送时间(从工作日9点改为20点用户活跃时段)", seed 003 "将推送时间从 上午10点调整为晚上8点")
 * on its own and together with quiet hours (21:00-08:00) in the send rules.
 */
class SendWindowTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final SendWindow EVENING = new SendWindow(LocalTime.of(20, 0), LocalTime.of(22, 0));

  private final AtomicReference<Instant> now = new AtomicReference<>();
  private SendRules rules;

  @BeforeEach
  void setUp() {
    DataSource ds = SendRulesTest.migratedH2();
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    DataSourceTransactionManager tx = new DataSourceTransactionManager(ds);
    SendRulesProperties properties =
        new SendRulesProperties(
            Map.of("all", "10/P1D"),
            new SendRulesProperties.QuietHours(true, LocalTime.of(21, 0), LocalTime.of(8, 0), null),
            null,
            null,
            null);
    rules =
        new SendRules(
            new SuppressionList(jdbc, tx, SendRulesTest.HASHES),
            new SendCounter(jdbc, tx),
            SendRulesTest.ignoredEmails(jdbc.getDataSource()),
            properties,
            now::get);
  }

  @Test
  void parsesHoursAndMinutesAndRefusesAnythingElse() {
    assertThat(SendWindow.parse(" 20:00 - 22:00 ")).contains(EVENING);
    assertThat(SendWindow.parse(null)).isEmpty();
    assertThat(SendWindow.parse("")).isEmpty();
    for (String bad : new String[] {"8pm", "20:00", "25:00-26:00", "20:00-20:00", "20-22"}) {
      assertThatThrownBy(() -> SendWindow.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("HH:mm-HH:mm");
    }
  }

  @Test
  void outsideTheWindowWaitsForItsNextStartInTheContactsTimezone() {
    // 10:00 Shanghai: today 20:00
    assertThat(EVENING.deferUntil(Instant.parse("2026-11-23T02:00:00Z"), SHANGHAI))
        .contains(Instant.parse("2026-11-23T12:00:00Z"));
    // 20:30 Shanghai: now
    assertThat(EVENING.deferUntil(Instant.parse("2026-11-23T12:30:00Z"), SHANGHAI)).isEmpty();
    // 22:00 Shanghai (the end is exclusive): tomorrow 20:00
    assertThat(EVENING.deferUntil(Instant.parse("2026-11-23T14:00:00Z"), SHANGHAI))
        .contains(Instant.parse("2026-11-24T12:00:00Z"));
    // across midnight, 23:00-01:00: at 00:30 now, at 12:00 today 23:00
    SendWindow late = new SendWindow(LocalTime.of(23, 0), LocalTime.of(1, 0));
    assertThat(late.deferUntil(Instant.parse("2026-11-23T16:30:00Z"), SHANGHAI)).isEmpty();
    assertThat(late.deferUntil(Instant.parse("2026-11-23T04:00:00Z"), SHANGHAI))
        .contains(Instant.parse("2026-11-23T15:00:00Z"));
  }

  @Test
  void theSendRulesDeferToTheWindow() {
    now.set(Instant.parse("2026-11-23T02:00:00Z")); // 10:00 Shanghai

    Verdict verdict = check("20:00-22:00");

    assertThat(verdict.describe())
        .isEqualTo("DEFERRED until 2026-11-23T12:00:00Z: send window 20:00-22:00");
    now.set(verdict.deferUntil());
    assertThat(check("20:00-22:00").describe()).isEqualTo("SENT");
  }

  @Test
  void quietHoursStillApplyInsideTheWindow() {
    now.set(Instant.parse("2026-11-23T13:30:00Z")); // 21:30 Shanghai: in the window, but quiet

    Verdict verdict = check("20:00-22:00");

    // quiet until 08:00, then the window opens at 20:00 the next day
    assertThat(verdict.describe())
        .isEqualTo("DEFERRED until 2026-11-24T12:00:00Z: quiet hours, send window 20:00-22:00");
  }

  @Test
  void aWindowInsideQuietHoursIsSkipped() {
    now.set(Instant.parse("2026-11-23T02:00:00Z"));

    assertThat(check("22:00-23:00").describe())
        .isEqualTo("SKIPPED: send window 22:00-23:00 lies within quiet hours");
  }

  @Test
  void withoutAWindowOnlyQuietHoursDefer() {
    now.set(Instant.parse("2026-11-23T14:00:00Z")); // 22:00 Shanghai

    assertThat(check(null).describe())
        .isEqualTo("DEFERRED until 2026-11-24T00:00:00Z: quiet hours");
    now.set(Instant.parse("2026-11-23T02:00:00Z"));
    assertThat(check(null).describe()).isEqualTo("SENT");
  }

  @Test
  void aContactWithoutTimezoneHasNoWindowAsItHasNoQuietHours() {
    now.set(Instant.parse("2026-11-23T02:00:00Z"));
    ContactView nowhere = SendRulesTest.contact("c-w2", null, Map.of(), Set.of());

    assertThat(
            rules
                .check(UUID.randomUUID().toString(), request(nowhere, "20:00-22:00"), nowhere)
                .describe())
        .isEqualTo("SENT");
  }

  private Verdict check(String window) {
    ContactView contact = SendRulesTest.contact("c-w1", "Asia/Shanghai", Map.of(), Set.of());
    return rules.check(UUID.randomUUID().toString(), request(contact, window), contact);
  }

  private static SendRequest request(ContactView contact, String window) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("sendWindow", window);
    return new SendRequest(
        "pi:Task_Push:" + UUID.randomUUID(),
        contact.id(),
        Channel.PUSH,
        "cart-similar-reviews",
        "pi",
        "Task_Push",
        variables);
  }
}
