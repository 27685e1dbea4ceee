package io.journeys.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Experiment statistics from the store, and routing later entrants to the winner: arm a 1,000
 * contacts with 100 conversions, arm b 1,000 with 200 (z = 5.59, significant): b wins; a new
 * contact with routeToWinner goes to b, recorded as routed and left out of the statistics.
 */
class ExperimentRoutingTest {

  private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");
  private final AnalyticsFixtures store = new AnalyticsFixtures();

  @Test
  void laterEntrantsGoToTheWinnerAndStayOutOfTheStatistics() {
    List<Object[]> entries = new ArrayList<>();
    List<Object[]> assignments = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String arm = i < 1000 ? "a" : "b";
      boolean converted = i < 1000 ? i < 100 : i < 1200;
      entries.add(
          new Object[] {
            "pi-" + i, "c-" + i, arm, converted ? Timestamp.from(T.plusSeconds(60)) : null
          });
      assignments.add(new Object[] {"c-" + i, arm, "pi-" + i});
    }
    store.jdbc.batchUpdate(
        "insert into analytics_entry (process_instance_id, journey_key,"
            + " journey_version, contact_id, started_at, arm, goal_event, converted_at)"
            + " values (?, 'j', 1, ?, timestamp with time zone '2026-11-02 10:00:00+00', ?,"
            + " 'order.placed', ?)",
        entries);
    store.jdbc.batchUpdate(
        "insert into analytics_assignment (experiment_key, contact_id, arm,"
            + " journey_key, process_instance_id, assigned_at) values ('x', ?, ?, 'j', ?,"
            + " timestamp with time zone '2026-11-02 10:00:00+00')",
        assignments);

    List<ExperimentStats.Arm> arms = store.experiments.arms("x");
    assertThat(arms)
        .containsExactly(
            new ExperimentStats.Arm("a", 1000, 100), new ExperimentStats.Arm("b", 1000, 200));
    assertThat(ExperimentStats.winner(arms, ExperimentStats.test(arms))).isEqualTo("b");

    // a contact whose own bucket is in arm a (a:90,b:10 makes that likely; found by search)
    Map<String, Integer> split = Experiments.parseArms("a:90,b:10");
    String newcomer =
        java.util.stream.IntStream.range(0, 100)
            .mapToObj(i -> "new-" + i)
            .filter(c -> Experiments.arm(Experiments.bucket("x", c), split).equals("a"))
            .findFirst()
            .orElseThrow();
    store.flows.instanceStarted("pi-new", "j", 1, newcomer, T, null);
    assertThat(store.experiments.assign("x", newcomer, split, "j", "pi-new", T, true))
        .isEqualTo("b");
    assertThat(store.experiments.routed("x")).isEqualTo(1);
    assertThat(store.experiments.arms("x")).containsExactlyElementsOf(arms);

    String other =
        java.util.stream.IntStream.range(100, 200)
            .mapToObj(i -> "new-" + i)
            .filter(c -> Experiments.arm(Experiments.bucket("x", c), split).equals("a"))
            .findFirst()
            .orElseThrow();
    assertThat(store.experiments.assign("x", other, split, "j", "pi-other", T, false))
        .isEqualTo("a");
  }
}
