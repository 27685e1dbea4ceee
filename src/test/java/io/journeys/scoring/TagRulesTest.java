package io.journeys.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.scoring.TagRules.TagRule;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every row of {@code dmn/contact-tags.dmn} at its edges, and exclusive groups. */
class TagRulesTest {

  static TagRules rules;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in =
        TagRulesTest.class.getClassLoader().getResourceAsStream("dmn/contact-tags.dmn")) {
      rules = new TagRules(SimpleFeel.dmnEngine(), in, 4);
    }
  }

  /**
   * A contact registered a year ago who did nothing lately, bought nothing: no tag but lifecycle.
   */
  static Map<String, Object> quiet() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("age", null);
    f.put("gender", null);
    f.put("daysSinceRegistered", 60L);
    f.put("productViews7d", 0L);
    f.put("cartAdds30d", 0L);
    f.put("orders30d", 0L);
    f.put("orders180d", 0L);
    f.put("orders365d", 0L);
    f.put("orders", 0L);
    f.put("spend365d", 0.0);
    f.put("daysSinceOrder", Features.NEVER);
    f.put("daysSinceLogin", 10L);
    f.put("interactions30d", 1L);
    f.put("daysSinceInteraction", 10L);
    f.put("mql", false);
    f.put("enquiries7d", 0L);
    f.put("churnProbability", 1.0);
    f.put("aovRatio", 0.0);
    return f;
  }

  static List<String> tags(Map<String, Object> changes) {
    Map<String, Object> f = quiet();
    f.putAll(changes);
    return rules.evaluate(f).stream().map(TagRule::tag).toList();
  }

  @Test
  void aQuietContactHasNoTag() {
    assertThat(tags(Map.of())).isEmpty();
  }

  @Test
  void womenAged25To35() {
    assertThat(tags(Map.of("age", 25L, "gender", "female"))).containsExactly("female-25-35");
    assertThat(tags(Map.of("age", 35L, "gender", "female"))).containsExactly("female-25-35");
    assertThat(tags(Map.of("age", 36L, "gender", "female"))).isEmpty();
    assertThat(tags(Map.of("age", 24L, "gender", "female"))).isEmpty();
    assertThat(tags(Map.of("age", 30L, "gender", "male"))).isEmpty();
  }

  @Test
  void fiveProductViewsInSevenDays() {
    assertThat(tags(Map.of("productViews7d", 5L))).containsExactly("frequent-product-viewer");
    assertThat(tags(Map.of("productViews7d", 4L))).isEmpty();
  }

  @Test
  void cartWithoutOrderIn30Days() {
    assertThat(tags(Map.of("cartAdds30d", 1L))).containsExactly("cart-unpaid");
    assertThat(
            tags(
                Map.of(
                    "cartAdds30d",
                    2L,
                    "orders30d",
                    1L,
                    "orders",
                    1L,
                    "orders365d",
                    1L,
                    "daysSinceOrder",
                    3L,
                    "churnProbability",
                    0.85)))
        .doesNotContain("cart-unpaid");
  }

  @Test
  void highIntentNeedsMqlAndTwoEnquiriesAndBeatsChurnRisk() {
    assertThat(tags(Map.of("mql", true, "enquiries7d", 2L))).containsExactly("high-intent");
    assertThat(tags(Map.of("mql", true, "enquiries7d", 1L))).isEmpty();
    assertThat(tags(Map.of("mql", false, "enquiries7d", 3L))).isEmpty();
    Map<String, Object> both =
        Map.of(
            "mql",
            true,
            "enquiries7d",
            2L,
            "daysSinceRegistered",
            200L,
            "daysSinceLogin",
            100L,
            "interactions30d",
            2L);
    assertThat(tags(both)).containsExactly("high-intent", "churn-risk");
    TagDecision d =
        TagDecision.decide(
            rules.evaluate(merged(both)),
            Set.of("churn-risk"),
            Set.of("churn-risk"),
            rules.catalogue());
    assertThat(d.add()).containsExactly("high-intent");
    assertThat(d.remove())
        .containsExactly(
            Map.entry("churn-risk", "exclusive group intent-or-churn: high-intent wins"));
  }

  @Test
  void churnRiskAfter90DaysWithoutLoginOrOrder() {
    assertThat(tags(Map.of("daysSinceRegistered", 91L, "daysSinceLogin", 91L)))
        .containsExactly("churn-risk");
    assertThat(tags(Map.of("daysSinceRegistered", 91L, "daysSinceLogin", 90L))).isEmpty();
    assertThat(
            tags(
                Map.of(
                    "daysSinceRegistered",
                    91L,
                    "daysSinceLogin",
                    91L,
                    "daysSinceOrder",
                    30L,
                    "orders",
                    1L,
                    "orders365d",
                    1L,
                    "churnProbability",
                    0.85)))
        .doesNotContain("churn-risk");
  }

  @Test
  void repeatBuyerVipAndNewMember() {
    assertThat(
            tags(
                Map.of(
                    "orders",
                    2L,
                    "orders365d",
                    2L,
                    "daysSinceOrder",
                    5L,
                    "churnProbability",
                    0.72)))
        .containsExactly("repeat-buyer", "predicted-churn");
    assertThat(tags(Map.of("spend365d", 5000.0))).containsExactly("vip");
    assertThat(tags(Map.of("spend365d", 4999.99))).isEmpty();
    assertThat(tags(Map.of("daysSinceRegistered", 7L))).containsExactly("new-member", "new");
    assertThat(tags(Map.of("daysSinceRegistered", 8L))).isEmpty();
  }

  @Test
  void lifecycleStagesAreExclusiveNewFirst() {
    assertThat(tags(Map.of("daysSinceRegistered", 2L, "interactions30d", 5L)))
        .containsExactly("new-member", "new", "active");
    TagDecision d =
        TagDecision.decide(
            rules.evaluate(merged(Map.of("daysSinceRegistered", 2L, "interactions30d", 5L))),
            Set.of(),
            Set.of(),
            rules.catalogue());
    assertThat(d.add()).containsExactly("new-member", "new");
    assertThat(d.lifecycleStage()).isEqualTo("new");
    assertThat(tags(Map.of("interactions30d", 3L))).containsExactly("active");
    assertThat(
            tags(
                Map.of(
                    "daysSinceRegistered",
                    100L,
                    "daysSinceInteraction",
                    91L,
                    "daysSinceLogin",
                    91L)))
        .containsExactly("churn-risk", "dormant");
    assertThat(
            tags(
                Map.of(
                    "daysSinceRegistered",
                    400L,
                    "daysSinceInteraction",
                    181L,
                    "daysSinceLogin",
                    181L)))
        .containsExactly("churn-risk", "churned", "dormant");
  }

  @Test
  void aLifecycleStageStaysUntilAnotherHolds() {
    // active last month, two interactions now: no stage row holds, active stays
    TagDecision kept =
        TagDecision.decide(
            rules.evaluate(merged(Map.of("interactions30d", 2L))),
            Set.of("active"),
            Set.of("active"),
            rules.catalogue());
    assertThat(kept.remove()).isEmpty();
    assertThat(kept.add()).isEmpty();
    // 91 days without interaction: dormant replaces active, with the reason
    TagDecision replaced =
        TagDecision.decide(
            rules.evaluate(
                merged(
                    Map.of(
                        "daysSinceRegistered",
                        100L,
                        "daysSinceInteraction",
                        91L,
                        "interactions30d",
                        0L))),
            Set.of("active"),
            Set.of("active"),
            rules.catalogue());
    assertThat(replaced.add()).containsExactly("dormant");
    assertThat(replaced.remove())
        .containsExactly(Map.entry("active", "exclusive group lifecycle: dormant wins"));
    assertThat(replaced.lifecycleStage()).isEqualTo("dormant");
  }

  @Test
  void aTagWhoseRuleStopsHoldingIsRemovedButNotOneAJourneyGave() {
    TagDecision d =
        TagDecision.decide(
            rules.evaluate(quiet()),
            Set.of("frequent-product-viewer", "vip"),
            Set.of("frequent-product-viewer"),
            rules.catalogue());
    assertThat(d.remove())
        .containsExactly(Map.entry("frequent-product-viewer", "rule no longer holds"));
  }

  @Test
  void dormantValueTiers() {
    Map<String, Object> high =
        Map.of(
            "daysSinceRegistered",
            400L,
            "daysSinceOrder",
            100L,
            "orders180d",
            3L,
            "orders",
            3L,
            "orders365d",
            3L,
            "churnProbability",
            0.61);
    assertThat(tags(high))
        .contains("high-value-dormant", "repeat-buyer")
        .doesNotContain("low-value-dormant");
    Map<String, Object> low =
        Map.of(
            "daysSinceRegistered",
            400L,
            "daysSinceOrder",
            100L,
            "orders180d",
            1L,
            "orders",
            1L,
            "orders365d",
            1L,
            "churnProbability",
            0.85);
    assertThat(tags(low))
        .contains("low-value-dormant", "predicted-churn")
        .doesNotContain("high-value-dormant");
  }

  @Test
  void predictedTags() {
    assertThat(Features.churnProbability(0)).isEqualTo(1.0);
    assertThat(Features.churnProbability(4)).isEqualTo(0.518);
    assertThat(Features.churnProbability(5)).isEqualTo(0.44);
    assertThat(
            tags(
                Map.of(
                    "orders",
                    4L,
                    "orders365d",
                    4L,
                    "daysSinceOrder",
                    10L,
                    "churnProbability",
                    0.518)))
        .contains("predicted-churn");
    assertThat(
            tags(
                Map.of(
                    "orders",
                    5L,
                    "orders365d",
                    5L,
                    "daysSinceOrder",
                    10L,
                    "churnProbability",
                    0.44)))
        .doesNotContain("predicted-churn");
    assertThat(tags(Map.of("aovRatio", 1.21))).containsExactly("high-value-potential");
    assertThat(tags(Map.of("aovRatio", 1.2))).isEmpty();
  }

  @Test
  void theCatalogueHasDisplayNamesAndGroups() {
    assertThat(rules.catalogue()).hasSize(16);
    assertThat(rules.catalogue().get("vip").nameZh()).contains("VIP");
    assertThat(rules.catalogue().get("churned").group()).isEqualTo("lifecycle");
    assertThat(rules.catalogue().get("churned").keep()).isTrue();
    assertThat(rules.catalogue().get("vip").group()).isNull();
    assertThat(rules.source()).isEqualTo("rule:contact-tags@4");
  }

  private static Map<String, Object> merged(Map<String, Object> changes) {
    Map<String, Object> f = quiet();
    f.putAll(changes);
    return f;
  }
}
