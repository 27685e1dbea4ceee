package io.journeys.campaign;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A marketing campaign (seed 000 表1 营销活动基本信息表 and seed 001 营销活动执行计划表): the body of {@code POST/PUT
 * /api/campaigns} and of their answers. {@code id}, {@code createdAt}, {@code updatedAt} and {@code
 * createdBy} are set by the server; the rest is the marketer's.
 */
record Campaign(
    String id,
    String name,
    LocalDate startsOn,
    LocalDate endsOn,
    String timezone,
    String owner,
    String goal,
    Long audienceSize,
    BigDecimal budget,
    String currency,
    List<KpiTarget> kpiTargets,
    List<Phase> phases,
    List<String> journeys,
    List<String> segments,
    UnitCosts unitCosts,
    String createdBy,
    Instant createdAt,
    Instant updatedAt) {

  /** A phase of the execution plan (策划/预热/爆发/复盘 or a name of the marketer's). */
  record Phase(
      String name,
      String owner,
      LocalDate startsOn,
      LocalDate endsOn,
      List<String> channels,
      String actions,
      List<Material> materials,
      BigDecimal budget) {}

  /** A deliverable of a phase and the day it is due (物料需求, e.g. 海报设计稿 5.8前交付). */
  record Material(String name, LocalDate dueOn) {}

  /** A KPI target (关键KPI), compared with the actual figure of {@link CampaignResults}. */
  record KpiTarget(String metric, BigDecimal target) {}

  /** What one send costs per channel; null when a channel is not priced (costs nothing). */
  record UnitCosts(
      BigDecimal smsPerMessage,
      BigDecimal emailPerThousand,
      BigDecimal wecomPerMessage,
      BigDecimal pushPerMessage) {

    static final UnitCosts NONE = new UnitCosts(null, null, null, null);
  }

  /** The same campaign with the server's fields and the defaults filled in. */
  Campaign stored(String newId, String by, Instant created, Instant updated) {
    return new Campaign(
        newId,
        name,
        startsOn,
        endsOn,
        timezone == null ? "UTC" : timezone,
        owner,
        goal,
        audienceSize,
        budget,
        currency == null ? "CNY" : currency,
        kpiTargets == null ? List.of() : kpiTargets,
        phases == null ? List.of() : phases,
        journeys == null ? List.of() : journeys,
        segments == null ? List.of() : segments,
        unitCosts == null ? UnitCosts.NONE : unitCosts,
        by,
        created,
        updated);
  }
}
