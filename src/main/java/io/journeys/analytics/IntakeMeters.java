package io.journeys.analytics;

import io.journeys.config.EngineClock;
import io.journeys.event.StoredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Two meters for operators (docs/analytics.md "Meters"): {@code journeys.events.intake.lag}, the
 * time from an event's {@code occurredAt} to its being applied (stored, and handed to journeys,
 * segments and analytics in that transaction; a clock ahead of ours counts 0), and {@code
 * journeys.incidents.open{journey}}, the open incidents of each deployed journey (every version),
 * counted through the engine's incident query every {@code journeys.metrics.incidents-every}
 * (default 30 s).
 */
@Component
class IntakeMeters {

  private final Timer lag;
  private final MultiGauge openIncidents;
  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final Clock clock;

  IntakeMeters(MeterRegistry meters, RepositoryService repository, RuntimeService runtime) {
    this.lag =
        Timer.builder("journeys.events.intake.lag")
            .description("time from an event's occurredAt to its being applied")
            .publishPercentiles(0.5, 0.95, 0.99)
            .register(meters);
    this.openIncidents =
        MultiGauge.builder("journeys.incidents.open")
            .description("open incidents per journey")
            .register(meters);
    this.repository = repository;
    this.runtime = runtime;
    this.clock = EngineClock.UTC;
  }

  @EventListener
  void on(StoredEvent event) {
    Duration behind = Duration.between(event.occurredAt(), Instant.now(clock));
    lag.record(behind.isNegative() ? Duration.ZERO : behind);
  }

  /** Recounts the open incidents of every journey (also 0s, so a resolved journey drops to 0). */
  @Scheduled(
      fixedDelayString = "${journeys.metrics.incidents-every:PT30S}",
      initialDelayString = "${journeys.metrics.incidents-every:PT30S}")
  void countIncidents() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (ProcessDefinition d : repository.createProcessDefinitionQuery().latestVersion().list()) {
      long open = runtime.createIncidentQuery().processDefinitionKeyIn(d.getKey()).count();
      rows.add(MultiGauge.Row.of(Tags.of("journey", d.getKey()), open));
    }
    openIncidents.register(rows, true);
  }
}
