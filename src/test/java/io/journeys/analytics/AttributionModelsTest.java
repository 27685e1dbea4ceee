package io.journeys.analytics;

import static io.journeys.analytics.AttributionModels.Model.FIRST;
import static io.journeys.analytics.AttributionModels.Model.LAST;
import static io.journeys.analytics.AttributionModels.Model.LINEAR;
import static io.journeys.analytics.AttributionModels.Model.TIME_DECAY;
import static io.journeys.analytics.AttributionModels.Model.U_SHAPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every model on a worked example: an order at day 14 after touches at days 0, 7 and 14 (ages 14, 7
 * and 0 days; half-life 7 days gives weights 1/4, 1/2, 1, i.e. 1/7, 2/7, 4/7), and the one- and
 * two-touch cases.
 */
class AttributionModelsTest {

  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final Duration WEEK = Duration.ofDays(7);
  private static final List<Instant> THREE =
      List.of(T0, T0.plus(WEEK), T0.plus(WEEK.multipliedBy(2)));
  private static final Instant ORDER = T0.plus(WEEK.multipliedBy(2));

  @Test
  void threeTouches() {
    assertThat(credits(FIRST, THREE)).containsExactly(1, 0, 0);
    assertThat(credits(LAST, THREE)).containsExactly(0, 0, 1);
    assertThat(credits(LINEAR, THREE))
        .containsExactly(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, within(1e-12));
    assertThat(credits(TIME_DECAY, THREE))
        .containsExactly(new double[] {1 / 7.0, 2 / 7.0, 4 / 7.0}, within(1e-12));
    assertThat(credits(U_SHAPED, THREE))
        .containsExactly(new double[] {0.4, 0.2, 0.4}, within(1e-12));
  }

  @Test
  void fourTouchesShareTheMiddleOfTheU() {
    List<Instant> four = List.of(T0, T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3));
    assertThat(credits(U_SHAPED, four))
        .containsExactly(new double[] {0.4, 0.1, 0.1, 0.4}, within(1e-12));
  }

  @Test
  void oneTouchGetsEverythingInEveryModel() {
    for (AttributionModels.Model model : AttributionModels.Model.values()) {
      assertThat(credits(model, List.of(T0))).as(model.id()).containsExactly(1.0);
    }
  }

  @Test
  void twoTouches() {
    List<Instant> two = List.of(T0, T0.plus(WEEK));
    Instant order = T0.plus(WEEK);
    assertThat(AttributionModels.credits(U_SHAPED, two, order, WEEK)).containsExactly(0.5, 0.5);
    assertThat(AttributionModels.credits(LINEAR, two, order, WEEK)).containsExactly(0.5, 0.5);
    // ages 7 and 0 days: weights 1/2 and 1
    assertThat(AttributionModels.credits(TIME_DECAY, two, order, WEEK))
        .containsExactly(new double[] {1 / 3.0, 2 / 3.0}, within(1e-12));
    assertThat(AttributionModels.credits(FIRST, two, order, WEEK)).containsExactly(1, 0);
    assertThat(AttributionModels.credits(LAST, two, order, WEEK)).containsExactly(0, 1);
  }

  @Test
  void aShortHalfLifeDoesNotUnderflow() {
    double[] credits =
        AttributionModels.credits(
            TIME_DECAY, THREE, ORDER.plus(Duration.ofDays(300)), Duration.ofMinutes(1));
    assertThat(credits[2]).isCloseTo(1.0, within(1e-12));
    assertThat(credits[0] + credits[1] + credits[2]).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void noTouchNoCredit() {
    assertThat(AttributionModels.credits(LINEAR, List.of(), ORDER, WEEK)).isEmpty();
  }

  @Test
  void modelIdsParse() {
    assertThat(AttributionModels.Model.of("time-decay")).isEqualTo(TIME_DECAY);
    assertThat(AttributionModels.Model.of("U-shaped")).isEqualTo(U_SHAPED);
    assertThat(U_SHAPED.id()).isEqualTo("u-shaped");
  }

  private static double[] credits(AttributionModels.Model model, List<Instant> touches) {
    return AttributionModels.credits(model, touches, ORDER, WEEK);
  }
}
