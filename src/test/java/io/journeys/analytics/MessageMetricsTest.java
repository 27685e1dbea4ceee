package io.journeys.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.channel.MessageStatusChanged;
import io.journeys.event.StoredEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The message lifecycle and channel metrics on generated data, against figures computed by hand.
 * Journey {@code j}, node {@code Task_Email}, template {@code t}, on 2026-11-02: six emails; m6 is
 * blocked by a frequency cap; m1 fails once and is then sent, m2-m5 are sent (sent 5, failed
 * attempts 1); m2 bounces (delivered 5 - 1 = 4); m1 and m3 are opened (m3 twice: 2 unique opens);
 * m1 is clicked on two links (1 unique click); m3 unsubscribes; m4 complains; the entry of m1 (arm
 * B) converts. One SMS (m7) on 2026-11-03 is sent.
 */
class MessageMetricsTest {

  private static final Instant D1 = Instant.parse("2026-11-02T10:00:00Z");
  private static final Instant D2 = Instant.parse("2026-11-03T10:00:00Z");
  private AnalyticsFixtures store;

  @BeforeEach
  void data() {
    store = new AnalyticsFixtures();
    store.flows.instanceStarted(
        "pi-1",
        "j",
        1,
        "c-1",
        D1.minusSeconds(60),
        new FlowStore.Goal("order.placed", Duration.ofDays(7)));
    store.flows.arm("pi-1", "B");
    for (int i = 1; i <= 5; i++) {
      verdict("m" + i, "pi-" + i, "c-" + i, "email", "QUEUED", null, D1);
    }
    verdict("m6", "pi-6", "c-6", "email", "SKIPPED", "frequency cap 2/P1D reached", D1);
    move("m1", "FAILED", "provider refused");
    for (int i = 1; i <= 5; i++) {
      move("m" + i, "SENT", null);
    }
    event("message.bounced", "m2", "b-2");
    event("email.opened", "m1", "o-1");
    event("email.opened", "m3", "o-3");
    event("email.opened", "m3", "o-3-again");
    event("email.clicked", "m1", "k-1a");
    event("email.clicked", "m1", "k-1b");
    event("message.unsubscribed", "m3", "u-3");
    event("message.complained", "m4", "x-4");
    store.goals.on(
        new StoredEvent(
            "order-1", "order.placed", "c-1", D1.plusSeconds(3600), Map.of("amount", "120.00")));
    verdict("m7", "pi-7", "c-7", "sms", "QUEUED", null, D2);
    move("m7", "SENT", null);
  }

  @Test
  void countsAndRatesOfTheEmailsMatchTheHandComputedFigures() {
    List<ChannelMetrics.Row> rows = report(ChannelMetrics.Interval.DAY, "channel");
    assertThat(rows).hasSize(2);
    ChannelMetrics.Row email = rows.get(0);
    assertThat(email.period()).isEqualTo("2026-11-02");
    assertThat(email.group()).containsEntry("channel", "email");
    assertThat(email.counts())
        .isEqualTo(
            new ChannelMetrics.Counts(
                5, 1, 1, 0, 4, 0, 1, 2, 1, 1, new BigDecimal("120.00"), 1, 1, 0, null));
    assertThat(email.rates())
        .isEqualTo(
            new ChannelMetrics.Ratios(
                0.8, 0.2, 0.5, 0.25, 0.5, 0.25, 0.25, 0.25, 0.1667, 0.8333, 0.1667, null, null));
    ChannelMetrics.Row sms = rows.get(1);
    assertThat(sms.period()).isEqualTo("2026-11-03");
    assertThat(sms.counts().sent()).isEqualTo(1);
    assertThat(sms.rates().openRate()).isEqualTo(0.0);
  }

  @Test
  void withPricesTheCostPerConversionAndTheRoi() {
    // email 0.50 and SMS 2.00 per sent message: 5 emails and 1 SMS sent, 1 conversion of 120.00
    ChannelMetrics priced =
        new ChannelMetrics(
            store.jdbc, Map.of("email", new BigDecimal("0.50"), "sms", new BigDecimal("2.00")));
    ChannelMetrics.Row all =
        priced
            .report(
                new DayWindow(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)),
                ChannelMetrics.Interval.TOTAL,
                List.of("journey"),
                new ChannelMetrics.Filter(null, null, null, null))
            .get(0);
    assertThat(all.counts().cost()).isEqualByComparingTo("4.50"); // 5 × 0.50 + 1 × 2.00
    assertThat(all.rates().costPerConversion()).isEqualTo(4.5);
    assertThat(all.rates().roi()).isEqualTo(25.6667); // (120 − 4.5) / 4.5
  }

  @Test
  void weeksAndMonthsSumTheirDays() {
    List<ChannelMetrics.Row> week = report(ChannelMetrics.Interval.WEEK, "journey");
    assertThat(week).hasSize(1);
    assertThat(week.get(0).period()).isEqualTo("2026-11-02"); // a Monday
    assertThat(week.get(0).counts().sent()).isEqualTo(6);
    assertThat(week.get(0).group()).containsEntry("journey", "j");
    List<ChannelMetrics.Row> month = report(ChannelMetrics.Interval.MONTH, "");
    assertThat(month.get(0).period()).isEqualTo("2026-11-01");
    assertThat(month.get(0).counts().uniqueOpens()).isEqualTo(2);
  }

  @Test
  void byArmAndNode() {
    List<ChannelMetrics.Row> rows = report(ChannelMetrics.Interval.TOTAL, "arm,node");
    assertThat(rows).hasSize(2);
    ChannelMetrics.Row armB =
        rows.stream().filter(r -> "B".equals(r.group().get("arm"))).findFirst().orElseThrow();
    assertThat(armB.group()).containsEntry("node", "Task_Email");
    assertThat(armB.counts().sent()).isEqualTo(1);
    assertThat(armB.counts().conversions()).isEqualTo(1);
    assertThat(armB.counts().uniqueClicks()).isEqualTo(1);
  }

  @Test
  void theLifecycleRowKeepsTheBlockedReasonAndTheFirstTimes() {
    assertThat(
            store.jdbc.queryForObject(
                "select blocked_reason from analytics_message" + " where message_id = 'm6'",
                String.class))
        .isEqualTo("frequency cap");
    assertThat(
            store.jdbc.queryForObject(
                "select count(*) from analytics_message" + " where opened_at is not null",
                Long.class))
        .isEqualTo(2);
  }

  @Test
  void attributionOfTheOrderToTheSendAndTheClick() {
    // c-1's order at D1 + 1 h: touches m1 sent at D1 and m1 clicked (event time D1 + 5 min)
    Attribution.Report report =
        store.attribution.report(
            new DayWindow(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 5)),
            Duration.ofDays(30),
            Duration.ofDays(7),
            List.of(AttributionModels.Model.values()));
    assertThat(report.orders()).isEqualTo(1);
    assertThat(report.attributedOrders()).isEqualTo(1);
    assertThat(report.rows()).hasSize(1);
    Attribution.Row row = report.rows().get(0);
    assertThat(row.channel()).isEqualTo("email");
    // both touches are of the same message: every model credits it with the whole order
    row.models()
        .values()
        .forEach(
            credit -> {
              assertThat(credit.conversions()).isEqualTo(1.0);
              assertThat(credit.revenue()).isEqualByComparingTo("120.00");
            });
  }

  private List<ChannelMetrics.Row> report(ChannelMetrics.Interval interval, String groupBy) {
    return store.metrics.report(
        new DayWindow(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)),
        interval,
        ChannelMetrics.dimensions(groupBy),
        new ChannelMetrics.Filter(null, null, null, null));
  }

  private void verdict(
      String id,
      String pi,
      String contact,
      String channel,
      String status,
      String detail,
      Instant at) {
    store.messages.on(
        new MessageStatusChanged(
            id,
            status,
            detail,
            at,
            new MessageStatusChanged.Attributes(contact, channel, "t", pi, "Task_Email", "j")));
  }

  private void move(String id, String status, String detail) {
    store.messages.on(new MessageStatusChanged(id, status, detail, D1.plusSeconds(1), null));
  }

  private void event(String type, String messageId, String id) {
    store.messages.on(
        new StoredEvent(
            id + UUID.randomUUID(),
            type,
            "c",
            D1.plusSeconds(300),
            Map.of("messageId", messageId)));
  }
}
