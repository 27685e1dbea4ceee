package io.journeys.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RolloutBucketsTest {

  @Test
  void tenPercentOfTenThousandEntriesIsWithinOneAndAHalfPercent() {
    long inside =
        IntStream.range(0, 10_000)
            .filter(i -> RolloutBuckets.inside("cart-abandonment", "c-" + i, BigDecimal.TEN))
            .count();
    assertThat(inside).isBetween(850L, 1150L);
  }

  @Test
  void theBucketIsStickyAndRaisingThePercentageOnlyAddsContacts() {
    for (int i = 0; i < 2_000; i++) {
      String contact = "c-" + i;
      assertThat(RolloutBuckets.bucket("j", contact))
          .isEqualTo(RolloutBuckets.bucket("j", contact))
          .isBetween(0, RolloutBuckets.BUCKETS - 1);
      if (RolloutBuckets.inside("j", contact, BigDecimal.TEN)) {
        assertThat(RolloutBuckets.inside("j", contact, new BigDecimal("25.5"))).isTrue();
      }
    }
    assertThat(RolloutBuckets.inside("j", "anyone", BigDecimal.ZERO)).isFalse();
    assertThat(RolloutBuckets.inside("j", "anyone", null)).isTrue();
  }

  @Test
  void eachJourneyHasItsOwnBuckets() {
    long same =
        IntStream.range(0, 1_000)
            .filter(
                i ->
                    RolloutBuckets.inside("a", "c-" + i, BigDecimal.TEN)
                        == RolloutBuckets.inside("b", "c-" + i, BigDecimal.TEN))
            .count();
    assertThat(same).isLessThan(1_000); // not the same 10 % in every journey
  }
}
