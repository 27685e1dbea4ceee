package io.journeys.operations;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What operators set on one journey: its state, the pause in force and the rollout. */
record Control(
    String processKey,
    State state,
    State stateBeforePause,
    Instant pausedAt,
    TimerPolicy timerPolicy,
    Duration maxPause,
    OnMaxPause onMaxPause,
    Rollout rollout,
    Instant updatedAt) {

  enum State {
    RUNNING,
    PAUSED,
    ENTRY_STOPPED,
    STOPPED
  }

  /** What happens on resume to a timer of a paused instance that fell due during the pause. */
  enum TimerPolicy {
    SHIFT,
    FIRE,
    EXIT
  }

  enum OnMaxPause {
    RESUME,
    STOP
  }

  static final Duration DEFAULT_MAX_PAUSE = Duration.ofDays(14);

  /** A journey no operator has touched: running, for every contact. */
  static Control running(String processKey) {
    return new Control(processKey, State.RUNNING, null, null, null, null, null, Rollout.ALL, null);
  }

  /**
   * Who enters: a percentage of the contacts (sticky bucket of contact and journey) and/or those
   * whose attribute has one of the values and/or the members of a segment.
   */
  record Rollout(BigDecimal percent, String attribute, List<String> values, String segment) {

    static final Rollout ALL = new Rollout(null, null, List.of(), null);

    boolean everyone() {
      return percent == null && attribute == null && segment == null;
    }
  }
}
