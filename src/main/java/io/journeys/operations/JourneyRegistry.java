package io.journeys.operations;

import io.journeys.operations.Control.Rollout;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;

/** Every deployed journey with its latest version, state, rollout and metadata. */
@Component
class JourneyRegistry {

  /** One journey as the API shows it. */
  record Journey(
      String key,
      String name,
      int version,
      String definitionId,
      String state,
      Instant pausedAt,
      String timerPolicy,
      String maxPause,
      String onMaxPause,
      RolloutView rollout,
      String mode,
      Map<String, String> metadata,
      RunWindowView runWindow,
      long instances,
      Map<String, Long> held,
      Map<String, Long> notEntered) {}

  /**
   * A rollout: {@code percent} null for 100 %, {@code attribute} and {@code segment} null for no
   * filter.
   */
  record RolloutView(
      java.math.BigDecimal percent,
      String attribute,
      List<String> values,
      String segment,
      String description) {

    static RolloutView of(Rollout r) {
      return new RolloutView(
          r.percent(),
          r.attribute(),
          r.attribute() == null ? null : r.values(),
          r.segment(),
          JourneyOperations.describe(r));
    }
  }

  /**
   * The run window of the latest version as enforced: its bounds and whether entries are let in now
   * ({@code open}, {@code not yet open}, {@code closed}); {@code not enforced} for a {@code
   * runWindow} that is no ISO-8601 interval.
   */
  record RunWindowView(Instant from, Instant until, String state) {}

  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final JourneyControls controls;
  private final JourneyMetadata metadata;
  private final HeldEvents held;
  private final NotEntered notEntered;
  private final ManualSends manual;
  private final RunWindows runWindows;

  JourneyRegistry(
      RepositoryService repository,
      RuntimeService runtime,
      JourneyControls controls,
      JourneyMetadata metadata,
      HeldEvents held,
      NotEntered notEntered,
      ManualSends manual,
      RunWindows runWindows) {
    this.runWindows = runWindows;
    this.manual = manual;
    this.repository = repository;
    this.runtime = runtime;
    this.controls = controls;
    this.metadata = metadata;
    this.held = held;
    this.notEntered = notEntered;
  }

  List<Journey> all() {
    Map<String, Control> byKey = new java.util.HashMap<>();
    controls.all().forEach(c -> byKey.put(c.processKey(), c));
    return repository
        .createProcessDefinitionQuery()
        .latestVersion()
        .orderByProcessDefinitionKey()
        .asc()
        .list()
        .stream()
        .map(d -> view(d, byKey.getOrDefault(d.getKey(), Control.running(d.getKey())), false))
        .toList();
  }

  /** One journey with its held events and not-entered counts; {@link JourneyNotFound} when none. */
  Journey one(String key) {
    return view(latest(key), controls.find(key).orElse(Control.running(key)), true);
  }

  /** The latest version of the journey; {@link JourneyNotFound} when none is deployed. */
  ProcessDefinition latest(String key) {
    ProcessDefinition definition =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(key)
            .latestVersion()
            .singleResult();
    if (definition == null) {
      throw new JourneyNotFound(key);
    }
    return definition;
  }

  private RunWindowView windowOf(ProcessDefinition d) {
    if (!metadata.of(d.getId(), d.getKey()).containsKey(JourneyMetadata.RUN_WINDOW)) {
      return null;
    }
    return runWindows
        .of(d)
        .map(w -> new RunWindowView(w.from(), w.until(), w.state(OperationsGate.now())))
        .orElse(new RunWindowView(null, null, "not enforced (no ISO-8601 interval)"));
  }

  private Journey view(ProcessDefinition d, Control c, boolean detail) {
    return new Journey(
        d.getKey(),
        d.getName(),
        d.getVersion(),
        d.getId(),
        c.state().name().toLowerCase().replace('_', '-'),
        c.pausedAt(),
        c.timerPolicy() == null ? null : c.timerPolicy().name().toLowerCase(),
        c.maxPause() == null ? null : c.maxPause().toString(),
        c.onMaxPause() == null ? null : c.onMaxPause().name().toLowerCase(),
        RolloutView.of(c.rollout()),
        manual.manual(d.getKey()) || manual.globalManual() ? "manual" : "automatic",
        metadata.of(d.getId(), d.getKey()),
        windowOf(d),
        runtime.createProcessInstanceQuery().processDefinitionKey(d.getKey()).count(),
        detail ? held.counts(d.getKey()) : null,
        detail ? notEntered.counts(d.getKey()) : null);
  }
}
