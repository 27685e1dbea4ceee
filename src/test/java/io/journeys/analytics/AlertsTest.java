package io.journeys.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.journeys.operations.JourneyActions;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Alerts: a rule fires once per cool-down and recovers; a small denominator is not judged; a drop
 * against the 28-day mean; the webhook's signature.
 */
class AlertsTest {

  private static final Instant T = Instant.parse("2026-11-10T12:00:00Z");
  private final AnalyticsFixtures store = new AnalyticsFixtures();
  private final List<AlertNotifier.Alert> sent = new ArrayList<>();
  private final AlertNotifier recording =
      new AlertNotifier(
          new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), "", "x", "", "") {
        @Override
        void notify(Alert alert) {
          sent.add(alert);
        }
      };
  private Instant now = T;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void firesOncePerCooldownAndRecovers() {
    Alerts alerts = alerts(Set.of("email-bounce-rate"));
    add("j", "sent", 1000, 0);
    add("j", "bounced", 60, 0); // 6 % > 5 %
    alerts.evaluate();
    assertThat(kinds()).containsExactly("fired");
    alerts.evaluate();
    assertThat(sent).hasSize(1);

    at(1);
    add("j", "sent", 1000, 0); // 60 / 2000 = 3 %
    alerts.evaluate();
    assertThat(kinds()).containsExactly("fired", "recovered");

    at(2);
    add("j", "bounced", 100, 0); // 8 %: fires within the cool-down: not notified
    alerts.evaluate();
    at(3);
    add("j", "sent", 3000, 0); // 160 / 5000 = 3.2 %: recovers, not notified either
    alerts.evaluate();
    assertThat(sent).hasSize(2);
    assertThat(history())
        .containsExactly("fired:true", "recovered:true", "fired:false", "recovered:false");

    at(7);
    add("j", "bounced", 300, 0); // 9.2 %, 7 h after the last notification (cool-down 6 h)
    alerts.evaluate();
    assertThat(kinds()).containsExactly("fired", "recovered", "fired");
    assertThat(sent.get(2).value()).isEqualTo(0.092);
    assertThat(sent.get(2).scope()).isEqualTo("journey=j, channel=email");
    assertThat(sent.get(2).denominator()).isEqualTo(5000);
  }

  @Test
  void aRuleThatPausesPausesOnEachFiringAndTellsTheOwner() {
    List<String> paused = new ArrayList<>();
    Set<String> isPaused = new java.util.HashSet<>();
    JourneyActions journeys =
        new JourneyActions() {
          @Override
          public boolean pause(String journeyKey, String reason) {
            paused.add(journeyKey + ": " + reason);
            return isPaused.add(journeyKey);
          }

          @Override
          public Optional<Responsible> responsible(String journeyKey) {
            return Optional.of(new Responsible("owner@example.com", "+8613800138000"));
          }
        };
    Set<String> disabled =
        AlertRule.defaults(200).stream()
            .map(AlertRule::id)
            .filter(id -> !id.equals("email-bounce-rate"))
            .collect(Collectors.toSet());
    Alerts alerts =
        new Alerts(
            store.jdbc,
            recording,
            200,
            Duration.ofHours(6),
            disabled,
            Set.of("email-bounce-rate"),
            journeys,
            clock);
    assertThat(alerts.pausesJourney(alerts.rules().get(0))).isTrue();
    add("j", "sent", 1000, 0);
    add("j", "bounced", 60, 0); // 6 % > 5 %
    alerts.evaluate();
    alerts.evaluate(); // still firing: nothing more
    assertThat(paused).hasSize(1);
    assertThat(paused.get(0)).startsWith("j: alert email-bounce-rate fired");
    assertThat(sent).hasSize(1);
    AlertNotifier.Alert alert = sent.get(0);
    assertThat(alert.journeyPaused()).isTrue();
    assertThat(alert.journey()).isEqualTo("j");
    assertThat(recording.recipients(alert)).containsExactly("owner@example.com");

    at(1);
    add("j", "sent", 2000, 0); // 2 %: recovers; the journey stays paused
    alerts.evaluate();
    at(2);
    add("j", "bounced", 200, 0); // 8.7 %: fires in the cool-down, journey already paused
    alerts.evaluate();
    assertThat(paused).hasSize(2);
    assertThat(kinds()).containsExactly("fired", "recovered");
    assertThat(history())
        .containsExactly("fired:true", "paused:true", "recovered:true", "fired:false");

    isPaused.clear(); // an operator resumed it
    at(3);
    add("j", "sent", 10000, 0); // recovers, not notified
    alerts.evaluate();
    at(4);
    add("j", "bounced", 1000, 0); // fires in the cool-down but pauses again: notified
    alerts.evaluate();
    assertThat(paused).hasSize(3);
    assertThat(kinds()).containsExactly("fired", "recovered", "fired");
    assertThat(sent.get(2).journeyPaused()).isTrue();
  }

  @Test
  void anUnknownRuleToPauseStopsTheStartUp() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new Alerts(
                    store.jdbc,
                    recording,
                    200,
                    Duration.ofHours(6),
                    Set.of(),
                    Set.of("bounce"),
                    null,
                    clock))
        .hasMessageContaining("unknown rules [bounce]");
  }

  @Test
  void theOwnerIsMailedOnlyWhereTheMetadataIsAnAddress() {
    AlertNotifier notifier =
        new AlertNotifier(
            new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class),
            "ops@example.com, owner@example.com",
            "x",
            "",
            "");
    assertThat(
            notifier.recipients(
                new AlertNotifier.Alert(
                    "r",
                    "d",
                    "journey=j",
                    "fired",
                    0.1,
                    300,
                    0.05,
                    T,
                    "j",
                    "owner@example.com",
                    "backup@example.com",
                    false)))
        .containsExactly("ops@example.com", "owner@example.com", "backup@example.com");
    assertThat(
            notifier.recipients(
                new AlertNotifier.Alert(
                    "r",
                    "d",
                    "journey=j",
                    "fired",
                    0.1,
                    300,
                    0.05,
                    T,
                    "j",
                    "会员运营-李*",
                    "+8613800138000",
                    false)))
        .containsExactly("ops@example.com", "owner@example.com");
    assertThat(Alerts.journeyOf("journey=cart-abandonment, channel=email, node=Task_Send"))
        .isEqualTo("cart-abandonment");
    assertThat(Alerts.journeyOf("journey=j")).isEqualTo("j");
  }

  @Test
  void aSmallDenominatorIsNotJudged() {
    Alerts alerts = alerts(Set.of("email-bounce-rate"));
    add("small", "sent", 199, 0);
    add("small", "bounced", 100, 0);
    alerts.evaluate();
    assertThat(sent).isEmpty();
    assertThat(store.jdbc.queryForObject("select count(*) from analytics_alert_state", Long.class))
        .isZero();
  }

  @Test
  void aClickRateDropAgainstTheMeanOfTheDaysBefore() {
    Alerts alerts =
        alerts(Set.of("click-rate-30-below-mean", "click-rate-halved", "node-click-rate"));
    add("c", "sent", 1000, 10);
    add("c", "clicked", 100, 10); // 10 % ten days ago
    add("c", "sent", 1000, 0);
    add("c", "clicked", 60, 0); // 6 % today: 0.6 of the mean
    alerts.evaluate();
    assertThat(sent)
        .extracting(AlertNotifier.Alert::rule)
        .containsExactly("click-rate-30-below-mean");
    assertThat(sent.get(0).value()).isEqualTo(0.6);
  }

  @Test
  void incidentsPerEntryAboveOnePercent() {
    Alerts alerts = alerts(Set.of("journey-error-rate"));
    store.rollup.add(
        new DailyRollup.Key(LocalDate.of(2026, 11, 10), "j", 1, "", "", "", "", "entries"),
        1000,
        BigDecimal.ZERO);
    store.rollup.add(
        new DailyRollup.Key(
            LocalDate.of(2026, 11, 9), "j", 1, "Task_Send", "", "", "", "incidents"),
        11,
        BigDecimal.ZERO); // yesterday's count: 11 / 1000 = 1.1 %
    alerts.evaluate();
    assertThat(sent).extracting(AlertNotifier.Alert::scope).containsExactly("journey=j");
    assertThat(sent.get(0).value()).isEqualTo(0.011);
  }

  @Test
  void theWebhookIsSignedWithHmacSha256() throws IOException {
    // RFC 4231-style reference: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog")
    assertThat(
            AlertNotifier.sign(
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8),
                "key"))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    AtomicReference<String> signature = new AtomicReference<>();
    AtomicReference<byte[]> body = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          signature.set(exchange.getRequestHeaders().getFirst("X-Journeys-Signature"));
          body.set(exchange.getRequestBody().readAllBytes());
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    try {
      AlertNotifier webhook =
          new AlertNotifier(
              new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class),
              "",
              "x",
              "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
              "s3cret");
      webhook.notify(
          new AlertNotifier.Alert(
              "email-bounce-rate",
              "bounce",
              "journey=j",
              "fired",
              0.06,
              1000,
              0.05,
              T,
              "j",
              "Ann",
              "+8613800138000",
              false));
    } finally {
      server.stop(0);
    }
    assertThat(new String(body.get(), StandardCharsets.UTF_8))
        .contains("\"rule\":\"email-bounce-rate\"")
        .contains("\"kind\":\"fired\"");
    assertThat(signature.get()).isEqualTo("sha256=" + AlertNotifier.sign(body.get(), "s3cret"));
  }

  private Alerts alerts(Set<String> enabled) {
    Set<String> disabled =
        AlertRule.defaults(200).stream()
            .map(AlertRule::id)
            .filter(id -> !enabled.contains(id))
            .collect(Collectors.toSet());
    return new Alerts(
        store.jdbc, recording, 200, Duration.ofHours(6), disabled, Set.of(), null, clock);
  }

  private void add(String journey, String metric, long n, int daysAgo) {
    LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(daysAgo);
    store.rollup.add(
        new DailyRollup.Key(day, journey, 1, "Task_Email", "email", "t", "", metric),
        n,
        BigDecimal.ZERO);
  }

  private void at(int hours) {
    now = T.plus(Duration.ofHours(hours));
  }

  private List<String> kinds() {
    return sent.stream().map(AlertNotifier.Alert::kind).toList();
  }

  private List<String> history() {
    return store.jdbc.query(
        "select kind, notified from analytics_alert_event order by id",
        (rs, i) -> rs.getString(1) + ":" + rs.getBoolean(2));
  }
}
