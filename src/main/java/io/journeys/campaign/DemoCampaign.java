package io.journeys.campaign;

import io.journeys.config.EngineClock;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The embedded default's demo campaign, over the weeks of generated demo activity ({@code
 * demo/DemoActivity}), so that the console's campaign page has figures: created once, named {@value
 * #NAME}, only with the {@code embedded} profile and {@code journeys.demo.activity=true}.
 */
@Component
@Profile("embedded")
@ConditionalOnProperty(name = "journeys.demo.activity", havingValue = "true")
class DemoCampaign {

  static final String NAME = "[Demo] 新会员与购物车召回 · New members and carts";
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private final CampaignStore store;
  private final Clock clock = EngineClock.UTC;

  DemoCampaign(CampaignStore store) {
    this.store = store;
  }

  @EventListener(ApplicationReadyEvent.class)
  void createOnce() {
    if (store.all().stream().anyMatch(c -> NAME.equals(c.name()))) {
      return;
    }
    LocalDate today = LocalDate.now(clock.withZone(SHANGHAI));
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    store.insert(campaign(today).stored(UUID.randomUUID().toString(), "demo", now, now));
  }

  static Campaign campaign(LocalDate today) {
    LocalDate start = today.minusDays(21);
    return new Campaign(
        null,
        NAME,
        start,
        today.plusDays(9),
        SHANGHAI.getId(),
        "市场部-演示 (demo)",
        "新会员首单与购物车召回 · first orders and recovered carts",
        3000L,
        new BigDecimal("5000"),
        "CNY",
        List.of(
            new Campaign.KpiTarget("conversionRate", new BigDecimal("0.08")),
            new Campaign.KpiTarget("roi", new BigDecimal("3"))),
        List.of(
            new Campaign.Phase(
                "预热",
                "内容组 (demo)",
                start,
                start.plusDays(6),
                List.of("email"),
                "新会员欢迎邮件与新手指南",
                List.of(new Campaign.Material("欢迎邮件文案", start.minusDays(2))),
                new BigDecimal("1500")),
            new Campaign.Phase(
                "爆发",
                "短信组 (demo)",
                start.plusDays(7),
                today.plusDays(9),
                List.of("email", "sms"),
                "购物车召回: 库存紧张邮件 + 短信",
                List.of(new Campaign.Material("短信文案", start.plusDays(5))),
                new BigDecimal("3500"))),
        List.of("cart-abandonment", "new-member-onboarding"),
        List.of(),
        new Campaign.UnitCosts(
            new BigDecimal("0.05"),
            new BigDecimal("30"),
            new BigDecimal("0.10"),
            new BigDecimal("0.01")),
        null,
        null,
        null);
  }
}
