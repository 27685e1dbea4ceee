package io.journeys.event;

import io.journeys.event.IntakeFailures.Kind;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the Kafka intake for a batch that keeps failing: counts the attempts per batch (by the
 * position of its first record), logs every failed attempt at WARN with how long intake has been
 * held there, and publishes {@code journeys.events.intake.failures} (counter, tag {@code kind}) and
 * {@code journeys.events.intake.stalled.seconds} (gauge: how long the oldest failing batch has been
 * failing, 0 when none).
 */
final class IntakeStall {

  /**
   * Attempts of a whole batch failing for an unknown reason before it is taken record by record.
   */
  static final int MAX_BATCH_ATTEMPTS = 3;

  private static final Logger log = LoggerFactory.getLogger(IntakeStall.class);

  private record Failing(Instant since, int attempts) {}

  private final Map<String, Failing> failing = new ConcurrentHashMap<>();
  private final MeterRegistry meters;
  private final Clock clock;

  IntakeStall(MeterRegistry meters, Clock clock) {
    this.meters = meters;
    this.clock = clock;
    Gauge.builder("journeys.events.intake.stalled.seconds", this, IntakeStall::stalledSeconds)
        .description("How long the oldest failing batch of the Kafka intake has been failing")
        .register(meters);
  }

  static String position(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  /** Records a failed attempt of the batch at {@code position}; answers its number (1, 2, ...). */
  int failed(String position, Kind kind, Throwable cause) {
    Instant now = clock.instant();
    Failing f =
        failing.merge(
            position,
            new Failing(now, 1),
            (old, one) -> new Failing(old.since(), old.attempts() + 1));
    meters
        .counter("journeys.events.intake.failures", "kind", kind.name().toLowerCase())
        .increment();
    log.warn(
        "Event intake stalled at {} for {} s (attempt {}, {}): {}",
        position,
        Duration.between(f.since(), now).toSeconds(),
        f.attempts(),
        kind,
        describe(cause));
    return f.attempts();
  }

  void recovered(String position) {
    Failing f = failing.remove(position);
    if (f != null) {
      log.info("Event intake at {} moves on after {} failed attempts", position, f.attempts());
    }
  }

  double stalledSeconds() {
    Instant now = clock.instant();
    return failing.values().stream()
        .mapToLong(f -> Duration.between(f.since(), now).toSeconds())
        .max()
        .orElse(0);
  }

  /** The exception classes and SQL state, never a message (which may quote personal data). */
  private static String describe(Throwable cause) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = cause; t != null && text.length() < 300; t = t.getCause()) {
      text.append(text.isEmpty() ? "" : " < ").append(t.getClass().getSimpleName());
    }
    String state = IntakeFailures.sqlState(cause);
    return state == null ? text.toString() : text + " (SQL state " + state + ")";
  }
}
