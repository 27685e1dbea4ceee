package io.journeys.config;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The engine's clock as a {@link Clock}: Camunda's {@code ClockUtil} (internal API, used here only;
 * docs/camunda-internals.md), so that code deciding with the engine (timers, quiet hours, re-entry
 * windows, token ages) sees the time process tests set. Real time unless a test moves it.
 */
public final class EngineClock extends Clock {

  /** The engine's clock in UTC. */
  public static final EngineClock UTC = new EngineClock(ZoneOffset.UTC);

  private final ZoneId zone;

  private EngineClock(ZoneId zone) {
    this.zone = zone;
  }

  /** The engine's current time. */
  public static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }

  /**
   * Sets the engine's clock to {@code time} for every thread, until {@link #resetToRealTime()}: for
   * the embedded demo generator ({@code demo/DemoActivity}), which runs journeys through a
   * generated past before the job executor starts. Nothing else in production moves the clock.
   */
  public static void moveTo(Instant time) {
    ClockUtil.setCurrentTime(java.util.Date.from(time));
  }

  /** Back to real time after {@link #moveTo}. */
  public static void resetToRealTime() {
    ClockUtil.reset();
  }

  @Override
  public Instant instant() {
    return now();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return zone.equals(this.zone) ? this : new EngineClock(zone);
  }
}
