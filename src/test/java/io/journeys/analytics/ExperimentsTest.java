package io.journeys.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Arm assignment: parsing, bucket ranges, determinism and the spread of the hash. */
class ExperimentsTest {

  @Test
  void armsTakeConsecutiveBucketRangesInTheirOrder() {
    Map<String, Integer> arms = Experiments.parseArms("control:20, a:30 ,b:50");
    assertThat(arms.keySet()).containsExactly("control", "a", "b");
    assertThat(Experiments.arm(0, arms)).isEqualTo("control");
    assertThat(Experiments.arm(1999, arms)).isEqualTo("control");
    assertThat(Experiments.arm(2000, arms)).isEqualTo("a");
    assertThat(Experiments.arm(4999, arms)).isEqualTo("a");
    assertThat(Experiments.arm(5000, arms)).isEqualTo("b");
    assertThat(Experiments.arm(9999, arms)).isEqualTo("b");
  }

  @Test
  void badArmsAreRefused() {
    assertThatThrownBy(() -> Experiments.parseArms("a:50,b:40"))
        .hasMessageContaining("summing to 100");
    assertThatThrownBy(() -> Experiments.parseArms("a:100")).hasMessageContaining("at least two");
    assertThatThrownBy(() -> Experiments.parseArms("a:50,a:50")).hasMessageContaining("once");
    assertThatThrownBy(() -> Experiments.parseArms("a b:50,c:50"))
        .hasMessageContaining("name:percent");
  }

  @Test
  void theBucketIsDeterministicAndDependsOnTheExperiment() {
    assertThat(Experiments.bucket("subject-test", "c-1"))
        .isEqualTo(Experiments.bucket("subject-test", "c-1"));
    long differing =
        java.util.stream.IntStream.range(0, 100)
            .filter(i -> Experiments.bucket("x", "c-" + i) != Experiments.bucket("y", "c-" + i))
            .count();
    assertThat(differing).isGreaterThan(90);
  }

  @Test
  void tenThousandContactsSplitCloseToThePercentages() {
    Map<String, Integer> arms = Experiments.parseArms("a:10,b:90");
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      counts.merge(Experiments.arm(Experiments.bucket("spread", "c-" + i), arms), 1, Integer::sum);
    }
    // binomial(10000, 0.1): standard deviation 30; 4 standard deviations either side
    assertThat(counts.get("a")).isBetween(880, 1120);
    assertThat(counts.get("a") + counts.get("b")).isEqualTo(10_000);
  }
}
