package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

class ReentryRuleTest {

  private static final Instant T = Instant.parse("2026-11-23T08:00:00Z");
  private final DataSource ds = SendRulesTest.migratedH2();
  private final ReentryRule rule = new ReentryRule(new JdbcTemplate(ds),
      new DataSourceTransactionManager(ds), Duration.ofDays(1));

  @Test
  void oncePerWindowPerJourney() {
    assertThat(rule.mayEnter("c-1", "lead-nurturing", T)).isTrue();
    assertThat(rule.mayEnter("c-1", "lead-nurturing", T.plus(Duration.ofHours(23)))).isFalse();
    assertThat(rule.mayEnter("c-1", "cart-abandonment", T.plusSeconds(1))).isTrue();
    assertThat(rule.mayEnter("c-2", "lead-nurturing", T.plusSeconds(1))).isTrue();
    assertThat(rule.mayEnter("c-1", "lead-nurturing", T.plus(Duration.ofDays(1)))).isTrue();
    assertThat(rule.mayEnter("c-1", "lead-nurturing", T.plus(Duration.ofDays(1)).plusSeconds(60)))
        .as("the window starts again at the last entry").isFalse();
  }
}
