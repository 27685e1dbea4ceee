package io.journeys.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Holdout: uplift against a reference computed by hand (treatment 200/1000, control 100/1000: ratio
 * 2, uplift 1.0; Katz interval exp(ln 2 ± 1.959964 · sqrt(1/200 - 1/1000 + 1/100 - 1/1000)) - 1 =
 * [0.5995, 1.5008]); the global control group with its membership history.
 */
class HoldoutsTest {

  private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");

  @Test
  void upliftAndItsConfidenceInterval() {
    Uplift uplift = Uplift.of(1000, 200, 1000, 100);
    assertThat(uplift.uplift()).isEqualTo(1.0);
    assertThat(uplift.upliftLow()).isEqualTo(0.5995);
    assertThat(uplift.upliftHigh()).isEqualTo(1.5008);
    assertThat(uplift.treatment().conversionRate()).isEqualTo(0.2);
    assertThat(Uplift.of(1000, 200, 100, 0).uplift()).isNull();
    assertThat(Uplift.of(1000, 0, 100, 10).uplift()).isEqualTo(-1.0);
  }

  @Test
  void theGlobalControlGroupTakesItsBucketsAndKeepsWhoJoinedAndLeft() {
    AnalyticsFixtures store = new AnalyticsFixtures();
    List<String> contacts = IntStream.range(0, 2000).mapToObj(i -> "c-" + i).toList();
    Holdouts tenPercent = new Holdouts(store.jdbc, 10);
    long held =
        contacts.stream()
            .filter(c -> Holdouts.GLOBAL.equals(tenPercent.decide("j", c, 0, T)))
            .count();
    long expected =
        contacts.stream().filter(c -> Experiments.bucket("global-control", c) < 1000).count();
    assertThat(held).isEqualTo(expected).isBetween(140L, 260L); // 200 ± 4.2 sd
    assertThat(count("select count(*) from analytics_control_member", store)).isEqualTo(held);

    Holdouts fivePercent = new Holdouts(store.jdbc, 5);
    contacts.forEach(c -> fivePercent.decide("j", c, 0, T.plusSeconds(60)));
    long stayed =
        contacts.stream().filter(c -> Experiments.bucket("global-control", c) < 500).count();
    assertThat(count("select count(*) from analytics_control_member", store)).isEqualTo(stayed);
    assertThat(count("select count(*) from analytics_control_history where change = 'left'", store))
        .isEqualTo(held - stayed);
    assertThat(
            count("select count(*) from analytics_control_history where change = 'joined'", store))
        .isEqualTo(held);
  }

  @Test
  void withTheGlobalGroupSwitchedOffItsMembersLeaveAtTheirNextEntry() {
    AnalyticsFixtures store = new AnalyticsFixtures();
    List<String> contacts = IntStream.range(0, 500).mapToObj(i -> "c-" + i).toList();
    Holdouts tenPercent = new Holdouts(store.jdbc, 10);
    contacts.forEach(c -> tenPercent.decide("j", c, 0, T));
    long held = count("select count(*) from analytics_control_member", store);
    assertThat(held).isPositive();

    Holdouts off = new Holdouts(store.jdbc, 0);
    contacts.forEach(c -> assertThat(off.decide("j", c, 0, T.plusSeconds(60))).isNull());
    assertThat(count("select count(*) from analytics_control_member", store)).isZero();
    assertThat(count("select count(*) from analytics_control_history where change = 'left'", store))
        .isEqualTo(held);
    contacts.forEach(c -> off.decide("j", c, 0, T.plusSeconds(120)));
    assertThat(count("select count(*) from analytics_control_history", store))
        .as("nobody joins or leaves again")
        .isEqualTo(2 * held);
  }

  @Test
  void aJourneyHoldoutUsesItsOwnBucketsAndTheGlobalGroupComesFirst() {
    AnalyticsFixtures store = new AnalyticsFixtures();
    Holdouts none = new Holdouts(store.jdbc, 0);
    String contact =
        IntStream.range(0, 100)
            .mapToObj(i -> "c-" + i)
            .filter(c -> Experiments.bucket("holdout:j", c) < 2000)
            .findFirst()
            .orElseThrow();
    assertThat(none.decide("j", contact, 20, T)).isEqualTo(Holdouts.JOURNEY);
    assertThat(none.decide("j", contact, 0, T)).isNull();
    String global =
        IntStream.range(0, 100)
            .mapToObj(i -> "c-" + i)
            .filter(c -> Experiments.bucket("global-control", c) < 1500)
            .findFirst()
            .orElseThrow();
    assertThat(new Holdouts(store.jdbc, 15).decide("j", global, 20, T)).isEqualTo(Holdouts.GLOBAL);
    assertThat(Holdouts.journeyPercent("10")).isEqualTo(10);
    assertThat(Holdouts.journeyPercent("80")).isZero();
    assertThatThrownBy(() -> new Holdouts(store.jdbc, 16)).hasMessageContaining("1-15");
  }

  private static long count(String sql, AnalyticsFixtures store) {
    return store.jdbc.queryForObject(sql, Long.class);
  }
}
