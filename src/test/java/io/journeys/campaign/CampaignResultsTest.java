package io.journeys.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.channel.SentMessageCounts.ChannelSends;
import io.journeys.event.StoredEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The formulas of {@link CampaignResults}, against figures computed by hand. */
class CampaignResultsTest {

  static final Instant FROM = Instant.parse("2020-05-31T16:00:00Z");
  static final Instant TO = Instant.parse("2020-06-30T16:00:00Z");

  static Campaign campaign(List<Campaign.KpiTarget> kpis) {
    return new Campaign(
        "c-1",
        "618",
        LocalDate.of(2020, 6, 1),
        LocalDate.of(2020, 6, 30),
        "Asia/Shanghai",
        null,
        null,
        null,
        new BigDecimal("100"),
        "CNY",
        kpis,
        List.of(),
        List.of("k"),
        List.of(),
        new Campaign.UnitCosts(
            new BigDecimal("0.05"), new BigDecimal("30"), new BigDecimal("0.1"), null),
        null,
        null,
        null);
  }

  static StoredEvent order(String contact, String at, Object amount, String currency) {
    return new StoredEvent(
        "o-" + contact + at,
        "order.placed",
        contact,
        Instant.parse(at),
        currency == null
            ? Map.of("amount", amount)
            : Map.of("amount", amount, "currency", currency));
  }

  @Test
  void costRevenueRoiCpaAndKpisAsComputedByHand() {
    // cost: 40 SMS x 0.05 = 2.00; 200 emails x 30 / 1000 = 6.00; 20 WeCom x 0.1 = 2.00;
    // 7 pushes unpriced = 0; sandboxed emails cost nothing: 10.00
    List<ChannelSends> sends =
        List.of(
            new ChannelSends("email", 200, 5),
            new ChannelSends("push", 7, 0),
            new ChannelSends("sms", 40, 0),
            new ChannelSends("wecom", 20, 0));
    Map<String, Instant> entries =
        Map.of(
            "a",
            Instant.parse("2020-06-10T00:00:00Z"),
            "b",
            Instant.parse("2020-06-10T00:00:00Z"),
            "c",
            Instant.parse("2020-06-10T00:00:00Z"));
    List<StoredEvent> orders =
        List.of(
            order("a", "2020-06-05T00:00:00Z", 20, null), // before a's entry: not counted
            order("a", "2020-06-12T00:00:00Z", 30, "CNY"), // 30.00
            order("b", "2020-06-15T00:00:00Z", "15.50", null), // 15.50 (a numeric string)
            order("b", "2020-06-16T00:00:00Z", 4.5, null), // 4.50
            order("c", "2020-06-17T00:00:00Z", 100, "USD"), // another currency: skipped
            order("x", "2020-06-17T00:00:00Z", 999, null)); // never entered: not counted
    CampaignResults r =
        CampaignResults.compute(
            campaign(
                List.of(
                    new Campaign.KpiTarget("roi", new BigDecimal("3")),
                    new Campaign.KpiTarget("cpa", new BigDecimal("4")),
                    new Campaign.KpiTarget("conversionRate", new BigDecimal("0.5")))),
            FROM,
            TO,
            sends,
            entries,
            orders);

    assertThat(r.cost()).isEqualByComparingTo("10.00");
    assertThat(r.messagesSent()).isEqualTo(267);
    assertThat(r.channels())
        .extracting(CampaignResults.ChannelCost::cost)
        .map(BigDecimal::toPlainString)
        .containsExactly("6.00", "0.00", "2.00", "2.00");
    assertThat(r.revenue()).isEqualByComparingTo("50.00");
    assertThat(r.orders()).isEqualTo(3);
    assertThat(r.ordersInOtherCurrencies()).isEqualTo(1);
    assertThat(r.conversions()).isEqualTo(2);
    assertThat(r.entries()).isEqualTo(3);
    assertThat(r.conversionRate()).isEqualByComparingTo("0.6667");
    // ROI = (50 - 10) / 10 = 4; CPA = 10 / 2 = 5
    assertThat(r.roi()).isEqualByComparingTo("4");
    assertThat(r.cpa()).isEqualByComparingTo("5");
    assertThat(r.budgetUsed()).isEqualByComparingTo("0.1");
    assertThat(r.kpis())
        .extracting(CampaignResults.KpiResult::met)
        .containsExactly(true, false, true);
  }

  @Test
  void undefinedRatiosAreNullNotErrors() {
    CampaignResults r =
        CampaignResults.compute(
            campaign(
                List.of(
                    new Campaign.KpiTarget("roi", BigDecimal.ONE),
                    new Campaign.KpiTarget("entries", BigDecimal.ONE))),
            FROM,
            TO,
            List.of(),
            Map.of(),
            List.of());

    assertThat(r.cost()).isEqualByComparingTo("0");
    assertThat(r.roi()).isNull();
    assertThat(r.cpa()).isNull();
    assertThat(r.conversionRate()).isNull();
    assertThat(r.kpis().get(0).met()).isNull();
    assertThat(r.kpis().get(1).met()).isFalse();
  }

  @Test
  void aLossIsANegativeRoiAndCpaFollowsTheCostWithoutRevenue() {
    // 100 SMS x 0.05 = 5.00 cost; one order of 0 (amount missing): ROI = (0 - 5) / 5 = -1
    CampaignResults r =
        CampaignResults.compute(
            campaign(List.of()),
            FROM,
            TO,
            List.of(new ChannelSends("sms", 100, 0)),
            Map.of("a", Instant.parse("2020-06-10T00:00:00Z")),
            List.of(
                new StoredEvent(
                    "o", "order.placed", "a", Instant.parse("2020-06-11T00:00:00Z"), Map.of())));

    assertThat(r.roi()).isEqualByComparingTo("-1");
    assertThat(r.cpa()).isEqualByComparingTo("5");
  }

  @Test
  void theDemoPricesSandboxSendsAsIfSent() {
    // the embedded demo (journeys.campaigns.price-sandbox): 1,000 sandboxed emails x 30 / 1000 =
    // 30.00, 100 sandboxed SMS x 0.05 = 5.00; cost 35.00; one order of 105.00 by the one contact
    // who entered: ROI (105 - 35) / 35 = 2, CPA 35 / 1 = 35.00
    List<ChannelSends> sends =
        List.of(new ChannelSends("email", 0, 1000), new ChannelSends("sms", 0, 100));
    Map<String, Instant> entries = Map.of("a", Instant.parse("2020-06-10T00:00:00Z"));
    List<StoredEvent> orders = List.of(order("a", "2020-06-11T00:00:00Z", 105, "CNY"));

    CampaignResults demo =
        CampaignResults.compute(campaign(List.of()), FROM, TO, sends, entries, orders, true);
    assertThat(demo.sandboxPriced()).isTrue();
    assertThat(demo.messagesSent()).isEqualTo(1100);
    assertThat(demo.cost()).isEqualByComparingTo("35.00");
    assertThat(demo.roi()).isEqualByComparingTo("2");
    assertThat(demo.cpa()).isEqualByComparingTo("35.00");

    CampaignResults real =
        CampaignResults.compute(campaign(List.of()), FROM, TO, sends, entries, orders);
    assertThat(real.sandboxPriced()).isFalse();
    assertThat(real.messagesSent()).isZero();
    assertThat(real.cost()).isEqualByComparingTo("0");
    assertThat(real.roi()).isNull();
    assertThat(real.cpa()).isEqualByComparingTo("0");
  }
}
