package io.journeys.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.bench.BenchExecutor.Round;
import io.journeys.bench.BenchExecutor.Settings;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Timer storm (issue 14): the 24 h timers of fresh cart-abandonment instances set due at once, each
 * followed by the low-stock email to SMTP; per job executor setting, Camunda's defaults first (the
 * baseline). Fails when a timer fired twice or a contact got two emails.
 */
@ExtendWith(BenchExtension.class)
@Order(4)
class TimerStormBenchmark {

  @Test
  void timerStorm(Bench bench) throws Exception {
    int before = bench.peers.mail.getReceivedMessages().length;
    int emails =
        bench.rounds.timerStorm(
            "t",
            Bench.size("timers", 20_000),
            List.of(
                new Round(Settings.CAMUNDA_DEFAULTS, 0),
                new Round(Bench.TUNED, Bench.SMTP_CONNECTIONS),
                new Round(Bench.TUNED.acquiringByDueDate(), Bench.SMTP_CONNECTIONS)));
    assertThat(bench.peers.mail.getReceivedMessages()).hasSize(before + emails);
  }
}
