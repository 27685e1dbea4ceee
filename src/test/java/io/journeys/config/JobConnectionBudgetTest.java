package io.journeys.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Finding 12: the pool gives every job thread its second connection, or start-up stops. */
class JobConnectionBudgetTest {

  @Test
  void thePoolMustHoldTwoConnectionsPerJobThreadAndHeadroom() {
    assertThatCode(() -> JobConnectionBudget.check(8, 20)).doesNotThrowAnyException();
    assertThatThrownBy(() -> JobConnectionBudget.check(10, 20))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("2 x 10 job threads + 2 = 22");
  }
}
