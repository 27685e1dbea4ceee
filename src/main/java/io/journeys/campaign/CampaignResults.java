package io.journeys.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.journeys.channel.SentMessageCounts.ChannelSends;
import io.journeys.contact.Channel;
import io.journeys.event.StoredEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answer of {@code GET /api/campaigns/{id}/results}: what a campaign's linked journeys did in
 * its period, what that cost and earned, and the KPI targets against these actuals. Ratios that are
 * undefined (no cost, no conversions, no entries, no budget) are null. Formulas in
 * docs/campaigns.md; {@link #compute} is pure so that they are tested by hand-computed figures.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record CampaignResults(
    String campaignId,
    Instant from,
    Instant to,
    String currency,
    long entries,
    List<ChannelCost> channels,
    long messagesSent,
    BigDecimal cost,
    long orders,
    long conversions,
    BigDecimal revenue,
    long ordersInOtherCurrencies,
    BigDecimal conversionRate,
    BigDecimal roi,
    BigDecimal cpa,
    BigDecimal budget,
    BigDecimal budgetUsed,
    List<KpiResult> kpis,
    boolean sandboxPriced) {

  static final String ORDER_PLACED = "order.placed";

  /** Deliveries and cost of one channel; {@code unit} says what {@code unitCost} is per. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record ChannelCost(
      String channel, long sent, long sandbox, BigDecimal unitCost, String unit, BigDecimal cost) {}

  /** A KPI target and its actual; {@code met} is null while the actual is undefined. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record KpiResult(String metric, BigDecimal target, BigDecimal actual, Boolean met) {}

  /**
   * @param sends deliveries of the linked journeys in the period, per channel
   * @param firstEntries each contact who entered a linked journey in the period, and when first
   * @param orderEvents {@code order.placed} events of those contacts in the period
   */
  static CampaignResults compute(
      Campaign campaign,
      Instant from,
      Instant to,
      List<ChannelSends> sends,
      Map<String, Instant> firstEntries,
      List<StoredEvent> orderEvents) {
    return compute(campaign, from, to, sends, firstEntries, orderEvents, false);
  }

  /**
   * As above; with {@code priceSandbox} (the embedded demo only, {@code
   * journeys.campaigns.price-sandbox}) sandbox renderings are priced and counted as sent, so that
   * the demo campaign has a cost, a CPA and an ROI; {@code sandboxPriced} says so.
   */
  static CampaignResults compute(
      Campaign campaign,
      Instant from,
      Instant to,
      List<ChannelSends> sends,
      Map<String, Instant> firstEntries,
      List<StoredEvent> orderEvents,
      boolean priceSandbox) {
    List<ChannelCost> channels = new ArrayList<>();
    BigDecimal cost = BigDecimal.ZERO.setScale(2);
    long messages = 0;
    for (ChannelSends s : sends) {
      Price price = Price.of(campaign.unitCosts(), s.channel());
      long priced = priceSandbox ? s.sent() + s.sandbox() : s.sent();
      BigDecimal channelCost =
          price.unitCost == null
              ? BigDecimal.ZERO.setScale(2)
              : price
                  .unitCost
                  .multiply(BigDecimal.valueOf(priced))
                  .divide(BigDecimal.valueOf(price.per), 2, RoundingMode.HALF_UP);
      channels.add(
          new ChannelCost(
              s.channel(), s.sent(), s.sandbox(), price.unitCost, price.unit, channelCost));
      cost = cost.add(channelCost);
      messages += priced;
    }
    long orders = 0;
    long otherCurrencies = 0;
    BigDecimal revenue = BigDecimal.ZERO.setScale(2);
    Set<String> converted = new HashSet<>();
    for (StoredEvent order : orderEvents) {
      Instant entered = firstEntries.get(order.contactId());
      if (entered == null || order.occurredAt().isBefore(entered)) {
        continue;
      }
      Object currency = order.properties().get("currency");
      if (currency != null && !campaign.currency().equalsIgnoreCase(currency.toString())) {
        otherCurrencies++;
        continue;
      }
      orders++;
      converted.add(order.contactId());
      revenue = revenue.add(order.amount());
    }
    revenue = revenue.setScale(2, RoundingMode.HALF_UP);
    long entries = firstEntries.size();
    long conversions = converted.size();
    BigDecimal conversionRate = ratio(BigDecimal.valueOf(conversions), entries, 4);
    BigDecimal roi =
        cost.signum() == 0 ? null : revenue.subtract(cost).divide(cost, 4, RoundingMode.HALF_UP);
    BigDecimal cpa =
        conversions == 0
            ? null
            : cost.divide(BigDecimal.valueOf(conversions), 2, RoundingMode.HALF_UP);
    BigDecimal budgetUsed =
        campaign.budget() == null || campaign.budget().signum() == 0
            ? null
            : cost.divide(campaign.budget(), 4, RoundingMode.HALF_UP);
    Map<Metric, BigDecimal> actuals = new java.util.EnumMap<>(Metric.class);
    actuals.put(Metric.entries, BigDecimal.valueOf(entries));
    actuals.put(Metric.conversions, BigDecimal.valueOf(conversions));
    actuals.put(Metric.conversionRate, conversionRate);
    actuals.put(Metric.orders, BigDecimal.valueOf(orders));
    actuals.put(Metric.revenue, revenue);
    actuals.put(Metric.messagesSent, BigDecimal.valueOf(messages));
    actuals.put(Metric.cost, cost);
    actuals.put(Metric.roi, roi);
    actuals.put(Metric.cpa, cpa);
    List<KpiResult> kpis =
        campaign.kpiTargets().stream()
            .map(
                t -> {
                  Metric metric = Metric.of(t.metric());
                  BigDecimal actual = actuals.get(metric);
                  Boolean met =
                      actual == null
                          ? null
                          : metric.ceiling
                              ? actual.compareTo(t.target()) <= 0
                              : actual.compareTo(t.target()) >= 0;
                  return new KpiResult(t.metric(), t.target(), actual, met);
                })
            .toList();
    return new CampaignResults(
        campaign.id(),
        from,
        to,
        campaign.currency(),
        entries,
        channels,
        messages,
        cost,
        orders,
        conversions,
        revenue,
        otherCurrencies,
        conversionRate,
        roi,
        cpa,
        campaign.budget(),
        budgetUsed,
        kpis,
        priceSandbox);
  }

  private static BigDecimal ratio(BigDecimal numerator, long denominator, int scale) {
    return denominator == 0
        ? null
        : numerator.divide(BigDecimal.valueOf(denominator), scale, RoundingMode.HALF_UP);
  }

  /** A channel's unit cost, and how many messages it is for (1, or 1000 for email). */
  private record Price(BigDecimal unitCost, long per, String unit) {

    static Price of(Campaign.UnitCosts costs, String channel) {
      Channel known = Channel.parse(channel).orElse(null);
      if (known == null) {
        return new Price(null, 1, "message");
      }
      return switch (known) {
        case SMS -> new Price(costs.smsPerMessage(), 1, "message");
        case EMAIL -> new Price(costs.emailPerThousand(), 1000, "thousand");
        case WECOM -> new Price(costs.wecomPerMessage(), 1, "message");
        case PUSH -> new Price(costs.pushPerMessage(), 1, "message");
      };
    }
  }
}
