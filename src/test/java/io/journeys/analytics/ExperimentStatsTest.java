package io.journeys.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The significance tests against reference values: R's {@code prop.test(c(100, 130), c(1000, 1000),
 * correct = FALSE)} gives X-squared = 4.4215 (z = 2.1027), p = 0.03549; for three arms the
 * chi-square with 2 degrees of freedom has the closed form p = exp(-x/2).
 */
class ExperimentStatsTest {

  private static ExperimentStats.Arm arm(String name, long n, long x) {
    return new ExperimentStats.Arm(name, n, x);
  }

  @Test
  void twoProportionZTestMatchesTheReference() {
    ExperimentStats.Test test = ExperimentStats.zTest(arm("a", 1000, 100), arm("b", 1000, 130));
    assertThat(test.statistic()).isCloseTo(2.102741, within(1e-6));
    assertThat(test.pValue()).isCloseTo(0.035488, within(1e-6));
    assertThat(test.significant()).isTrue();
    ExperimentStats.Test close = ExperimentStats.zTest(arm("a", 1000, 100), arm("b", 1000, 110));
    assertThat(close.statistic()).isCloseTo(0.729422, within(1e-6));
    assertThat(close.pValue()).isCloseTo(0.465744, within(1e-6));
    assertThat(close.significant()).isFalse();
  }

  @Test
  void chiSquareOfTwoArmsIsTheSquareOfZAndOfThreeArmsHasTheClosedFormPValue() {
    ExperimentStats.Test two =
        ExperimentStats.chiSquare(List.of(arm("a", 1000, 100), arm("b", 1000, 130)));
    assertThat(two.statistic()).isCloseTo(4.421518, within(1e-6));
    assertThat(two.pValue()).isCloseTo(0.035488, within(1e-6));
    ExperimentStats.Test three =
        ExperimentStats.chiSquare(
            List.of(arm("a", 1000, 100), arm("b", 1000, 130), arm("c", 1000, 160)));
    assertThat(three.degreesOfFreedom()).isEqualTo(2);
    assertThat(three.statistic()).isCloseTo(15.915119, within(1e-6));
    assertThat(three.pValue()).isCloseTo(Math.exp(-15.915119 / 2), within(1e-9));
  }

  @Test
  void aWinnerNeedsSignificanceAndAThousandContactsPerArm() {
    List<ExperimentStats.Arm> enough = List.of(arm("a", 1000, 100), arm("b", 1000, 130));
    assertThat(ExperimentStats.winner(enough, ExperimentStats.test(enough))).isEqualTo("b");
    List<ExperimentStats.Arm> few = List.of(arm("a", 999, 50), arm("b", 1000, 200));
    assertThat(ExperimentStats.test(few).significant()).isTrue();
    assertThat(ExperimentStats.winner(few, ExperimentStats.test(few))).isNull();
    List<ExperimentStats.Arm> close = List.of(arm("a", 1000, 100), arm("b", 1000, 110));
    assertThat(ExperimentStats.winner(close, ExperimentStats.test(close))).isNull();
  }

  @Test
  void withMoreArmsTheBestMustAlsoBeatTheSecondBest() {
    List<ExperimentStats.Arm> clear =
        List.of(arm("a", 1000, 100), arm("b", 1000, 130), arm("c", 1000, 170));
    assertThat(ExperimentStats.winner(clear, ExperimentStats.test(clear))).isEqualTo("c");
    // overall significant (a is worse), but b and c are close: no winner
    List<ExperimentStats.Arm> tie =
        List.of(arm("a", 1000, 100), arm("b", 1000, 160), arm("c", 1000, 165));
    assertThat(ExperimentStats.test(tie).significant()).isTrue();
    assertThat(ExperimentStats.winner(tie, ExperimentStats.test(tie))).isNull();
  }

  @Test
  void noTestWithoutVariation() {
    assertThat(ExperimentStats.test(List.of(arm("a", 10, 0), arm("b", 10, 0)))).isNull();
    assertThat(ExperimentStats.test(List.of(arm("a", 10, 1)))).isNull();
  }
}
