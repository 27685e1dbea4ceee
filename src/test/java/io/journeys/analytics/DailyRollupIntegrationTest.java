package io.journeys.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.IntegrationTestSupport;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The day rollups on PostgreSQL: a recording transaction appends its increments (summed per key) to
 * the pending table, the reports' view counts them at once, and the fold moves them into the
 * counters without changing what the view answers; increments of a rolled-back transaction count
 * nowhere.
 */
class DailyRollupIntegrationTest extends IntegrationTestSupport {

  @Autowired DailyRollup rollup;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void incrementsArePendingUntilFoldedAndCountOnceEitherWay() {
    String journey = "rollup-it-" + UUID.randomUUID().toString().substring(0, 8);
    LocalDate day = LocalDate.of(2026, 12, 3);
    DailyRollup.Key entered = new DailyRollup.Key(day, journey, 1, "n1", "", "", "", "entered");
    DailyRollup.Key revenue = new DailyRollup.Key(day, journey, 1, "", "", "", "", "revenue");
    TransactionTemplate tx = new TransactionTemplate(transactions);
    for (int i = 0; i < 3; i++) {
      tx.executeWithoutResult(
          s -> {
            rollup.add(entered);
            rollup.add(entered);
            rollup.add(revenue, 1, new BigDecimal("10.50"));
          });
    }
    tx.executeWithoutResult(
        s -> {
          rollup.add(entered);
          s.setRollbackOnly();
        });

    assertThat(pendingRows(journey)).as("one row per key and transaction").isEqualTo(6);
    assertThat(sum("n", journey, "entered")).isEqualTo("6");
    assertThat(sum("amount", journey, "revenue")).isEqualTo("31.5000");

    // the application's own fold may run meanwhile: fold until nothing of ours is pending
    for (int i = 0; i < 20 && pendingRows(journey) > 0; i++) {
      rollup.fold();
    }
    assertThat(pendingRows(journey)).isZero();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from analytics_daily where journey_key = ?", Long.class, journey))
        .as("one counter per key")
        .isEqualTo(2);
    assertThat(sum("n", journey, "entered")).isEqualTo("6");
    assertThat(sum("amount", journey, "revenue")).isEqualTo("31.5000");

    rollup.add(entered); // outside a transaction: written at once
    assertThat(sum("n", journey, "entered")).isEqualTo("7");
    rollup.fold();
    assertThat(sum("n", journey, "entered")).isEqualTo("7");
  }

  private long pendingRows(String journey) {
    return jdbc.queryForObject(
        "select count(*) from analytics_daily_pending where journey_key = ?", Long.class, journey);
  }

  private String sum(String column, String journey, String metric) {
    return jdbc.queryForObject(
        "select sum(" + column + ") from analytics_daily_all where journey_key = ? and metric = ?",
        String.class,
        journey,
        metric);
  }
}
