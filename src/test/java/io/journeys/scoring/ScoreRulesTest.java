package io.journeys.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.scoring.ScoreRules.Hit;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every row of the seed's 线索评分规则表 in {@code dmn/lead-scoring.dmn}, and the MQL table. */
class ScoreRulesTest {

  static ScoreRules rules;
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @BeforeAll
  static void load() throws Exception {
    rules = load("dmn/lead-scoring.dmn", 1);
  }

  static ScoreRules load(String resource, int version) throws Exception {
    try (InputStream in = ScoreRulesTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new ScoreRules(SimpleFeel.dmnEngine(), in, version);
    }
  }

  @Test
  void aVerifiedPhoneScoresFiveInBasicInformationOnce() {
    assertThat(rules.scoreProfile(Map.of("phoneVerified", true)))
        .containsExactly(new Hit("phone-verified", "基础信息", 5, Validity.FOREVER, 1));
    assertThat(rules.scoreProfile(Map.of("phoneVerified", false))).isEmpty();
  }

  @Test
  void aCompanyNameScoresThreeUnlessEmpty() {
    assertThat(rules.scoreProfile(Map.of("company", "ACME")))
        .extracting(Hit::criterion, Hit::points)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("company", 3.0));
    assertThat(rules.scoreProfile(Map.of("company", ""))).isEmpty();
    assertThat(rules.scoreProfile(Map.of())).isEmpty();
  }

  @Test
  void theWhitepaperFormScoresTenInBehaviourOtherFormsNothing() {
    assertThat(rules.scoreEvent("form.submitted", Map.of("formId", "whitepaper")))
        .containsExactly(new Hit("whitepaper", "行为互动", 10, Validity.parse("P90D"), 3));
    assertThat(rules.scoreEvent("form.submitted", Map.of("formId", "contact-us"))).isEmpty();
    assertThat(rules.scoreEvent("form.submitted", Map.of())).isEmpty();
  }

  @Test
  void aWebinarScoresFifteenInBehaviour() {
    assertThat(rules.scoreEvent("webinar.attended", Map.of("webinarId", "w-1")))
        .containsExactly(new Hit("webinar", "行为互动", 15, Validity.parse("P90D"), 3));
  }

  @Test
  void aPriceEnquiryScoresTwentyInIntentFor30Days() {
    assertThat(rules.scoreEvent("price.enquired", Map.of()))
        .containsExactly(new Hit("price-enquiry", "意向程度", 20, Validity.parse("P30D"), 5));
  }

  @Test
  void onlyAHardSmsBounceIsAnInvalidPhoneMinusFive() {
    assertThat(rules.scoreEvent("message.bounced", Map.of("channel", "sms", "hard", true)))
        .containsExactly(new Hit("invalid-phone", "意向程度", -5, Validity.FOREVER, 1));
    assertThat(rules.scoreEvent("message.bounced", Map.of("channel", "sms", "hard", false)))
        .isEmpty();
    assertThat(rules.scoreEvent("message.bounced", Map.of("channel", "email", "hard", true)))
        .isEmpty();
  }

  @Test
  void otherEventsNeverReachTheTable() {
    assertThat(rules.scores("page.viewed")).isFalse();
    assertThat(rules.scores("price.enquired")).isTrue();
    assertThat(rules.scoreEvent("page.viewed", Map.of("url", "https://x"))).isEmpty();
  }

  @Test
  void theDimensionsWeigh30And40And30Percent() {
    assertThat(rules.weights())
        .containsExactly(Map.entry("基础信息", 0.3), Map.entry("行为互动", 0.4), Map.entry("意向程度", 0.3));
  }

  @Test
  void theSeedsWorkedExampleIs11Point5RoundedTo12() {
    List<LedgerEntry> entries = new ArrayList<>();
    entries.add(entry("phone-verified", "基础信息", 5, "forever", "profile:phone-verified:0", NOW));
    entries.add(entry("whitepaper", "行为互动", 10, "P90D", "e-1", NOW));
    entries.add(entry("price-enquiry", "意向程度", 20, "P30D", "e-2", NOW));
    ScoreCalculator.Score s = ScoreCalculator.score(entries, rules.weights(), NOW);
    assertThat(s.exact()).isEqualTo(11.5);
    assertThat(s.total()).isEqualTo(12);
    assertThat(s.dimensions())
        .containsExactly(Map.entry("基础信息", 5.0), Map.entry("行为互动", 10.0), Map.entry("意向程度", 20.0));
  }

  @Test
  void aHotLeadQualifiesAColdOneDoesNot() {
    // hot: phone, company, whitepaper, webinar, two price enquiries this week = 24.4 -> 24
    List<LedgerEntry> hot =
        new ArrayList<>(
            List.of(
                entry(
                    "phone-verified",
                    "基础信息",
                    5,
                    "forever",
                    "profile:phone-verified:0",
                    NOW.minus(Duration.ofDays(20))),
                entry(
                    "company",
                    "基础信息",
                    3,
                    "forever",
                    "profile:company:0",
                    NOW.minus(Duration.ofDays(20))),
                entry("whitepaper", "行为互动", 10, "P90D", "e-1", NOW.minus(Duration.ofDays(10))),
                entry("webinar", "行为互动", 15, "P90D", "e-2", NOW.minus(Duration.ofDays(5))),
                entry("price-enquiry", "意向程度", 20, "P30D", "e-3", NOW.minus(Duration.ofDays(2))),
                entry("price-enquiry", "意向程度", 20, "P30D", "e-4", NOW)));
    ScoreCalculator.Score s = ScoreCalculator.score(hot, rules.weights(), NOW);
    assertThat(s.total()).isEqualTo(24);
    assertThat(rules.qualify(false, s.total(), s.interactionAges()).mql()).isTrue();

    // cold: phone and a whitepaper = 5.5 -> 6
    List<LedgerEntry> cold = List.of(hot.get(0), hot.get(2));
    ScoreCalculator.Score c = ScoreCalculator.score(cold, rules.weights(), NOW);
    assertThat(c.total()).isEqualTo(6);
    assertThat(rules.qualify(false, c.total(), c.interactionAges()).mql()).isFalse();
  }

  @Test
  void qualifyingNeedsTwoInteractionsWithinSevenDays() {
    assertThat(rules.qualify(false, 30, List.of(1.0, 6.99)).mql()).isTrue();
    assertThat(rules.qualify(false, 30, List.of(1.0, 7.0)).mql()).isTrue();
    assertThat(rules.qualify(false, 30, List.of(1.0, 7.01)).mql()).isFalse();
    assertThat(rules.qualify(false, 30, List.of()).mql()).isFalse();
    assertThat(rules.qualify(false, 19, List.of(1.0, 2.0)).mql()).isFalse();
  }

  @Test
  void aQualifiedLeadStaysQualifiedUntilItFallsBelowFifteen() {
    assertThat(rules.qualify(true, 19, List.of()).mql()).isTrue();
    assertThat(rules.qualify(true, 15, List.of()).mql()).isTrue();
    assertThat(rules.qualify(true, 14, List.of()).mql()).isFalse();
    assertThat(rules.qualify(true, 14, List.of()).reason()).isEqualTo("below");
    assertThat(rules.qualify(false, 20, List.of(0.0, 0.0)).reason()).isEqualTo("crossed");
  }

  static LedgerEntry entry(
      String criterion,
      String dimension,
      double points,
      String validity,
      String source,
      Instant at) {
    return new LedgerEntry(
        "c-1", 1, criterion, dimension, points, Validity.parse(validity), source, at);
  }
}
