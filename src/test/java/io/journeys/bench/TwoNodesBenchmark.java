package io.journeys.bench;

import io.journeys.bench.BenchExecutor.Round;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two app nodes on one database (issue 14): a second application context in the run (its own
 * engine, job executor, connection pool, web server and Kafka consumer in the same group) on the
 * same PostgreSQL; the timer storm and the sends with the job executor on one node, then on both.
 */
@ExtendWith(BenchExtension.class)
@Order(6)
class TwoNodesBenchmark {

  @Test
  void oneNodeThenTwo(Bench bench) throws Exception {
    bench.deploySmsJourney();
    ConfigurableApplicationContext node2 = bench.peers.startNode("node2");
    BenchExecutor executor2 = new BenchExecutor(node2.getBean(ProcessEngine.class));
    try {
      JobRounds rounds =
          new JobRounds(
              List.of(bench.peers.app, node2),
              bench.client,
              List.of(bench.executor, executor2),
              bench.results,
              Bench.LIMIT);
      List<Round> emailRounds =
          List.of(
              new Round(Bench.TUNED, Bench.SMTP_CONNECTIONS, 1),
              new Round(Bench.TUNED, Bench.SMTP_CONNECTIONS, 2));
      rounds.timerStorm("u", Bench.size("two-node-timers", 20_000), emailRounds);
      rounds.emails("g", Bench.size("two-node-emails", 20_000), emailRounds);
      rounds.sms(
          "h",
          30,
          Bench.size("two-node-sms", 20_000),
          List.of(new Round(Bench.TUNED, null, 1), new Round(Bench.TUNED, null, 2)));
    } finally {
      executor2.stop();
      node2.close();
    }
  }
}
