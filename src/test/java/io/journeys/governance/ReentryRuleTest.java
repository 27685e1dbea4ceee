package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class ReentryRuleTest {

  private static final Instant T = Instant.parse("2026-11-23T08:00:00Z");
  private final DataSource ds = SendRulesTest.migratedH2();
  private final DataSourceTransactionManager txManager = new DataSourceTransactionManager(ds);
  private final JdbcTemplate jdbc = new JdbcTemplate(ds);
  private final ReentryRule rule = new ReentryRule(jdbc, txManager, Duration.ofDays(1));

  @Test
  void oncePerWindowPerJourney() {
    assertThat(rule.mayEnter("c-1", "lead-nurturing", T)).isTrue();
    assertThat(rule.mayEnter("c-1", "lead-nurturing", T.plus(Duration.ofHours(23)))).isFalse();
    assertThat(rule.mayEnter("c-1", "cart-abandonment", T.plusSeconds(1))).isTrue();
    assertThat(rule.mayEnter("c-2", "lead-nurturing", T.plusSeconds(1))).isTrue();
    assertThat(rule.mayEnter("c-1", "lead-nurturing", T.plus(Duration.ofDays(1)))).isTrue();
    assertThat(rule.mayEnter("c-1", "lead-nurturing", T.plus(Duration.ofDays(1)).plusSeconds(60)))
        .as("the window starts again at the last entry")
        .isFalse();
  }

  @Test
  void anEntryIsPartOfTheStartingTransactionSoARolledBackStartBlocksNothing() {
    TransactionTemplate start = new TransactionTemplate(txManager);
    start.executeWithoutResult(
        tx -> {
          assertThat(rule.mayEnter("c-1", "lead-nurturing", T)).isTrue();
          tx.setRollbackOnly(); // the journey's start failed
        });

    assertThat(jdbc.queryForObject("select count(*) from journey_entry", Integer.class)).isZero();
    assertThat(rule.mayEnter("c-1", "lead-nurturing", T.plusSeconds(1))).isTrue();
  }

  @Test
  void aRefusalInsideTheStartingTransactionLeavesThatTransactionUsable() {
    assertThat(rule.mayEnter("c-1", "lead-nurturing", T)).isTrue();

    new TransactionTemplate(txManager)
        .executeWithoutResult(
            tx -> {
              jdbc.update(
                  "insert into journey_entry (contact_id, process_key, entered_at)"
                      + " values ('c-9', 'other', ?)",
                  java.sql.Timestamp.from(T));
              assertThat(rule.mayEnter("c-1", "lead-nurturing", T.plusSeconds(5))).isFalse();
              assertThat(rule.mayEnter("c-3", "lead-nurturing", T.plusSeconds(5))).isTrue();
            });

    assertThat(
            jdbc.queryForList(
                "select contact_id from journey_entry order by contact_id", String.class))
        .containsExactly("c-1", "c-3", "c-9");
  }
}
