package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeys.channel.ChannelQueries;
import io.journeys.channel.SendGate.Verdict;
import io.journeys.channel.SendGate.Verdict.Decision;
import io.journeys.channel.SendRequest;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactView;
import io.journeys.event.EventQueries;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The send rules on a real (H2) database with the engine clock replaced by a fixed one. */
class SendRulesTest {

  /** Identity hashes under a fixed test key. */
  static final io.journeys.contact.IdentityHashes HASHES =
      new io.journeys.contact.IdentityHashes(
          purpose -> ("test-key:" + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));

  /** 10:00 in Shanghai. */
  static final Instant DAY = Instant.parse("2026-11-23T02:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(DAY);
  private JdbcTemplate jdbc;
  private SuppressionList suppressions;
  private SendRules rules;

  @BeforeEach
  void setUp() {
    DataSource ds = migratedH2();
    jdbc = new JdbcTemplate(ds);
    DataSourceTransactionManager tx = new DataSourceTransactionManager(ds);
    suppressions = new SuppressionList(jdbc, tx, SendRulesTest.HASHES);
    rules = rules(Map.of("all", "2/P1D, 3/P3D tag=new-member", "sms", "1/P1D"), ds, tx);
  }

  private SendRules rules(
      Map<String, String> caps, DataSource ds, DataSourceTransactionManager tx) {
    SendRulesProperties properties =
        new SendRulesProperties(
            caps,
            new SendRulesProperties.QuietHours(true, LocalTime.of(21, 0), LocalTime.of(8, 0), null),
            null,
            null,
            null);
    return new SendRules(
        suppressions, new SendCounter(jdbc, tx), ignoredEmails(ds), properties, now::get);
  }

  /** Ignored emails as the channel and event features answer them, on {@code ds}. */
  static IgnoredEmails ignoredEmails(DataSource ds) {
    return new IgnoredEmails(ChannelQueries.sentMessages(ds), EventQueries.history(ds));
  }

  static DataSource migratedH2() {
    DriverManagerDataSource ds =
        new DriverManagerDataSource(
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Flyway.configure().dataSource(ds).table("journeys_schema_history").load().migrate();
    return ds;
  }

  static ContactView contact(
      String id, String timezone, Map<String, Boolean> consent, Set<String> tags) {
    return new ContactView(
        id,
        id + "@example.com",
        "+86 138 0013 8000",
        "Lei",
        "Li",
        timezone,
        "zh-CN",
        "lead",
        0,
        Map.of(),
        consent,
        tags,
        DAY,
        DAY);
  }

  private Verdict check(ContactView contact, String channel) {
    String messageId = UUID.randomUUID().toString();
    return rules.check(messageId, request(contact, channel), contact);
  }

  private static SendRequest request(ContactView contact, String channel) {
    return new SendRequest(
        "pi:Task_Send:" + UUID.randomUUID(),
        contact.id(),
        Channel.parse(channel).orElseThrow(),
        "lead-welcome",
        "pi",
        "Task_Send",
        Map.of());
  }

  @Test
  void noConsentIsSuppressed() {
    ContactView c = contact("c-1", "Asia/Shanghai", Map.of("email", true, "sms", false), Set.of());
    assertThat(check(c, "sms").describe()).isEqualTo("SUPPRESSED: no consent for sms");
    assertThat(check(c, "email").describe()).isEqualTo("SENT");
  }

  @Test
  void suppressedAddressIsSuppressedWhateverTheContact() {
    suppressions.suppress("email", "  C-1@Example.COM ", "hard-bounce", DAY);
    ContactView c = contact("c-1", "Asia/Shanghai", Map.of("email", true), Set.of());
    ContactView sameAddressOtherContact =
        new ContactView(
            "c-9",
            "c-1@example.com",
            null,
            null,
            null,
            null,
            null,
            null,
            0,
            Map.of(),
            Map.of(),
            Set.of(),
            DAY,
            DAY);

    assertThat(check(c, "email").describe())
        .isEqualTo("SUPPRESSED: email address suppressed (hard-bounce)");
    assertThat(check(sameAddressOtherContact, "email").decision()).isEqualTo(Decision.SUPPRESS);
    assertThat(check(c, "sms").decision()).isEqualTo(Decision.SEND);
    assertThat(jdbc.queryForList("select address_hash from send_suppression", String.class))
        .singleElement()
        .asString()
        .hasSize(64)
        .doesNotContain("example")
        .as("keyed, not the plain SHA-256 anyone can recompute (finding 12)")
        .isEqualTo(HASHES.hash("c-1@example.com"))
        .isNotEqualTo(io.journeys.contact.IdentityHashes.legacy("c-1@example.com"));
  }

  /**
   * Finding 12: rows of older versions (plain SHA-256) still suppress, and are re-keyed when found.
   */
  @Test
  void aLegacyHashStillSuppressesAndIsReKeyed() {
    jdbc.update(
        "insert into send_suppression (channel, address_hash, reason, created_at)"
            + " values ('sms', ?, 'complaint', ?)",
        io.journeys.contact.IdentityHashes.legacy("+8613800138000"),
        java.sql.Timestamp.from(DAY));
    assertThat(suppressions.reason("sms", "+86 138-0013-8000")).contains("complaint");
    assertThat(jdbc.queryForList("select address_hash from send_suppression", String.class))
        .containsExactly(HASHES.hash("+8613800138000"));
    assertThat(suppressions.reason("sms", "+8613800138000")).contains("complaint");
  }

  @Test
  void quietHoursDeferToTheContactsMorning() {
    now.set(Instant.parse("2026-11-23T14:30:00Z")); // 22:30 in Shanghai, 09:30 in New York
    Verdict shanghai = check(contact("c-1", "Asia/Shanghai", Map.of(), Set.of()), "email");
    Verdict newYork = check(contact("c-2", "America/New_York", Map.of(), Set.of()), "email");
    Verdict unknownZone = check(contact("c-3", null, Map.of(), Set.of()), "email");

    assertThat(shanghai.decision()).isEqualTo(Decision.DEFER);
    assertThat(shanghai.deferUntil()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    assertThat(shanghai.describe()).isEqualTo("DEFERRED until 2026-11-24T00:00:00Z: quiet hours");
    assertThat(newYork.decision()).isEqualTo(Decision.SEND);
    assertThat(unknownZone.decision()).isEqualTo(Decision.SEND);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from send_reservation where contact_id = 'c-1'", Integer.class))
        .as("a deferred message takes no place under the caps")
        .isZero();
  }

  /**
   * Seed 002 "促销活动催付间隔2-4小时": a reminder with minimum spacing PT2H waits until 2 hours after the
   * journey's previous message went out, then goes.
   */
  @Test
  void aReminderWithMinimumSpacingWaitsTwoHoursAfterThePreviousMessage() {
    ContactView c = contact("c-1", "Asia/Shanghai", Map.of(), Set.of());
    assertThat(rules.check("m-1", request(c, "email"), c).decision()).isEqualTo(Decision.SEND);

    now.set(DAY.plus(Duration.ofMinutes(10)));
    Verdict tooSoon = rules.check("m-2", spaced(c, "m-1", "PT2H"), c);
    assertThat(tooSoon.describe())
        .isEqualTo(
            "DEFERRED until 2026-11-23T04:00:00Z: minimum spacing PT2H after the previous message");

    now.set(DAY.plus(Duration.ofHours(2)));
    assertThat(rules.check("m-2", spaced(c, "m-1", "PT2H"), c).describe()).isEqualTo("SENT");
  }

  /** Quiet hours still apply from the moment the spacing allows: 20:30 + 2 h is 22:30, quiet. */
  @Test
  void quietHoursStillApplyAfterTheMinimumSpacing() {
    now.set(Instant.parse("2026-11-23T12:30:00Z")); // 20:30 in Shanghai
    ContactView c = contact("c-1", "Asia/Shanghai", Map.of(), Set.of());
    assertThat(rules.check("m-1", request(c, "email"), c).decision()).isEqualTo(Decision.SEND);

    now.set(Instant.parse("2026-11-23T12:40:00Z"));
    Verdict verdict = rules.check("m-2", spaced(c, "m-1", "PT2H"), c);

    assertThat(verdict.deferUntil()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    assertThat(verdict.describe())
        .isEqualTo(
            "DEFERRED until 2026-11-24T00:00:00Z: minimum spacing PT2H after the previous"
                + " message, quiet hours");
  }

  /** A previous message that never went out (skipped, unknown) sets no spacing. */
  @Test
  void minimumSpacingCountsOnlyFromAPreviousMessageThatWentOut() {
    ContactView c = contact("c-1", "Asia/Shanghai", Map.of(), Set.of());
    assertThat(rules.check("m-2", spaced(c, "m-never-sent", "PT2H"), c).describe())
        .isEqualTo("SENT");
    assertThat(rules.check("m-3", spaced(c, null, "PT2H"), c).describe()).isEqualTo("SENT");
  }

  @Test
  void aMinimumSpacingThatIsNoDurationFailsTheStep() {
    ContactView c = contact("c-1", "Asia/Shanghai", Map.of(), Set.of());
    assertThatThrownBy(() -> rules.check("m-2", spaced(c, "m-1", "2 hours"), c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minimum spacing '2 hours' is no ISO-8601 duration");
  }

  private static SendRequest spaced(ContactView contact, String previous, String spacing) {
    Map<String, Object> variables = new java.util.HashMap<>();
    variables.put("minSpacing", spacing);
    if (previous != null) {
      variables.put("lastMessageId", previous);
    }
    return new SendRequest(
        "pi:Task_Remind:" + UUID.randomUUID(),
        contact.id(),
        Channel.EMAIL,
        "cart-payment-guide",
        "pi",
        "Task_Remind",
        variables);
  }

  @Test
  void capAcrossChannelsSkipsTheThirdMessageOfTheDayAndFreesUpAfterTheWindow() {
    ContactView c = contact("c-1", "Asia/Shanghai", Map.of(), Set.of());
    assertThat(check(c, "email").decision()).isEqualTo(Decision.SEND);
    now.set(DAY.plus(Duration.ofHours(1)));
    assertThat(check(c, "wecom").decision()).isEqualTo(Decision.SEND);
    now.set(DAY.plus(Duration.ofHours(2)));
    assertThat(check(c, "email").describe()).isEqualTo("SKIPPED: frequency cap all 2/P1D");

    now.set(DAY.plus(Duration.ofDays(1)).plusSeconds(1));
    assertThat(check(c, "email").decision())
        .as("the first send left the window")
        .isEqualTo(Decision.SEND);
  }

  @Test
  void retryOfTheSameMessageKeepsItsPlace() {
    ContactView c = contact("c-1", "Asia/Shanghai", Map.of(), Set.of());
    SendRequest first = request(c, "email");
    assertThat(rules.check("m-1", first, c).decision()).isEqualTo(Decision.SEND);
    assertThat(rules.check("m-2", request(c, "email"), c).decision()).isEqualTo(Decision.SEND);
    assertThat(rules.check("m-1", first, c).decision()).as("retry of m-1").isEqualTo(Decision.SEND);
    assertThat(rules.check("m-3", request(c, "email"), c).decision()).isEqualTo(Decision.SKIP);
  }

  @Test
  void perChannelCapAndTaggedCap() {
    ContactView c = contact("c-1", "Asia/Shanghai", Map.of(), Set.of("new-member"));
    assertThat(check(c, "sms").decision()).isEqualTo(Decision.SEND);
    now.set(DAY.plus(Duration.ofHours(1)));
    assertThat(check(c, "sms").describe()).isEqualTo("SKIPPED: frequency cap sms 1/P1D");
    assertThat(check(c, "email").decision()).isEqualTo(Decision.SEND);
    now.set(DAY.plus(Duration.ofDays(1)).plus(Duration.ofHours(2)));
    assertThat(check(c, "email").decision()).isEqualTo(Decision.SEND);
    now.set(DAY.plus(Duration.ofDays(2)));
    assertThat(check(c, "email").describe())
        .isEqualTo("SKIPPED: frequency cap all 3/P3D tag=new-member");
  }

  @Test
  void afterThreeIgnoredEmailsTheNextGoesBySmsWhenTheContactConsented() {
    ContactView consented = contact("c-1", "Asia/Shanghai", Map.of("sms", true), Set.of());
    ContactView noSmsConsent = contact("c-2", "Asia/Shanghai", Map.of(), Set.of());
    for (int day = 1; day <= 3; day++) {
      sentEmail("c-1", DAY.minus(Duration.ofDays(day)));
      sentEmail("c-2", DAY.minus(Duration.ofDays(day)));
    }

    Verdict fallback = check(consented, "email");
    assertThat(fallback.channel()).isEqualTo(Channel.SMS);
    assertThat(fallback.describe()).isEqualTo("SENT: fallback to sms after 3 ignored emails");
    assertThat(check(noSmsConsent, "email").channel()).isEqualTo(Channel.EMAIL);

    jdbc.update(
        "insert into event (id, type, contact_id, occurred_at, received_at) values"
            + " ('e-open', 'email.opened', 'c-1', ?, ?)",
        Timestamp.from(DAY.minus(Duration.ofDays(2))),
        Timestamp.from(DAY));
    assertThat(check(consented, "email").channel()).as("an open since").isEqualTo(Channel.EMAIL);
  }

  private void sentEmail(String contactId, Instant sentAt) {
    jdbc.update(
        "insert into message (id, idempotency_key, contact_id, channel, template, status,"
            + " created_at, sent_at) values (?, ?, ?, 'email', 't', 'SENT', ?, ?)",
        UUID.randomUUID().toString(),
        UUID.randomUUID().toString(),
        contactId,
        Timestamp.from(sentAt),
        Timestamp.from(sentAt));
  }
}
