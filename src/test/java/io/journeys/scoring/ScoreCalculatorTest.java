package io.journeys.scoring;

import static io.journeys.scoring.ScoreRulesTest.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Windows, half-lives and rounding of {@link ScoreCalculator}. */
class ScoreCalculatorTest {

  static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
  static final Map<String, Double> WEIGHTS = Map.of("a", 1.0);

  @Test
  void aWindowCountsFullyUntilItsLastInstantThenNotAtAll() {
    List<LedgerEntry> e = List.of(entry("w", "a", 10, "P90D", "e-1", T));
    assertThat(
            ScoreCalculator.score(e, WEIGHTS, T.plus(Duration.ofDays(90)).minusSeconds(1)).total())
        .isEqualTo(10);
    assertThat(ScoreCalculator.score(e, WEIGHTS, T.plus(Duration.ofDays(90))).total()).isZero();
  }

  @Test
  void aHalfLifeHalvesThePointsEachPeriod() {
    List<LedgerEntry> e = List.of(entry("h", "a", 20, "half-life P30D", "e-1", T));
    assertThat(ScoreCalculator.score(e, WEIGHTS, T).exact()).isEqualTo(20.0);
    assertThat(ScoreCalculator.score(e, WEIGHTS, T.plus(Duration.ofDays(30))).exact())
        .isEqualTo(10.0);
    assertThat(ScoreCalculator.score(e, WEIGHTS, T.plus(Duration.ofDays(60))).exact())
        .isEqualTo(5.0);
    assertThat(ScoreCalculator.score(e, WEIGHTS, T.plus(Duration.ofDays(15))).exact())
        .isEqualTo(14.14);
  }

  @Test
  void roundsHalfUp() {
    assertThat(ScoreCalculator.roundHalfUp(11.5)).isEqualTo(12);
    assertThat(ScoreCalculator.roundHalfUp(11.49)).isEqualTo(11);
    assertThat(ScoreCalculator.roundHalfUp(0.3 * 5 + 0.4 * 10 + 0.3 * 20)).isEqualTo(12);
  }

  @Test
  void expiredInteractionsDoNotCountTowardsTheMqlWindow() {
    List<LedgerEntry> e =
        List.of(entry("w", "a", 10, "P90D", "e-1", T), entry("neg", "a", -5, "forever", "e-2", T));
    assertThat(ScoreCalculator.score(e, WEIGHTS, T.plus(Duration.ofDays(3))).interactionAges())
        .containsExactly(3.0);
  }
}
