package io.journeys.operations;

import static io.journeys.operations.Requests.choice;
import static io.journeys.operations.Requests.problem;

import io.journeys.operations.Control.OnMaxPause;
import io.journeys.operations.Control.TimerPolicy;
import io.journeys.web.ApiException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/journeys}: the registry (GET, any role of marketing, admin, viewer) and the state
 * controls pause, resume, stop-entry and stop (marketing and admin), every change audited
 * (docs/operations.md). Rollout, migrations, manual mode and trials have controllers of their own.
 */
@RestController
@RequestMapping("/api/journeys")
class JourneysController {

  static final Duration LONGEST_PAUSE = Duration.ofDays(30);

  /** Body of pause; every field optional. */
  record PauseRequest(String timerPolicy, String maxPause, String onMaxPause, String reason) {}

  /** Body of resume, stop-entry and stop; optional. */
  record ReasonRequest(String reason) {}

  private final JourneyRegistry registry;
  private final JourneyOperations operations;
  private final OperationsAudit audit;
  private final NotEntered notEntered;

  JourneysController(
      JourneyRegistry registry,
      JourneyOperations operations,
      OperationsAudit audit,
      NotEntered notEntered) {
    this.registry = registry;
    this.operations = operations;
    this.audit = audit;
    this.notEntered = notEntered;
  }

  @GetMapping
  List<JourneyRegistry.Journey> journeys() {
    return registry.all();
  }

  @GetMapping("/{key}")
  JourneyRegistry.Journey journey(@PathVariable String key) {
    return registry.one(key);
  }

  @GetMapping("/{key}/audit")
  List<OperationsAudit.Change> audit(
      @PathVariable String key, @RequestParam(defaultValue = "100") int limit) {
    registry.latest(key);
    return audit.of(key, Requests.limit(limit));
  }

  @GetMapping("/{key}/not-entered")
  List<NotEntered.Entry> notEntered(
      @PathVariable String key, @RequestParam(defaultValue = "100") int limit) {
    registry.latest(key);
    return notEntered.latest(key, Requests.limit(limit));
  }

  @PostMapping("/{key}/pause")
  JourneyRegistry.Journey pause(
      @PathVariable String key, @RequestBody(required = false) PauseRequest body) {
    registry.latest(key);
    PauseRequest b = body == null ? new PauseRequest(null, null, null, null) : body;
    List<Map<String, String>> problems = new ArrayList<>();
    TimerPolicy policy =
        choice(TimerPolicy.class, "timerPolicy", b.timerPolicy(), TimerPolicy.SHIFT, problems);
    OnMaxPause onMax =
        choice(OnMaxPause.class, "onMaxPause", b.onMaxPause(), OnMaxPause.RESUME, problems);
    Duration maxPause = Control.DEFAULT_MAX_PAUSE;
    if (b.maxPause() != null) {
      try {
        maxPause = Duration.parse(b.maxPause());
        if (maxPause.isNegative() || maxPause.isZero() || maxPause.compareTo(LONGEST_PAUSE) > 0) {
          problems.add(problem("maxPause", "between PT1S and P30D"));
        }
      } catch (DateTimeParseException e) {
        problems.add(problem("maxPause", "an ISO-8601 duration such as P14D or PT12H"));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid pause", problems);
    }
    operations.pause(key, policy, maxPause, onMax, b.reason());
    return registry.one(key);
  }

  @PostMapping("/{key}/resume")
  Map<String, Object> resume(
      @PathVariable String key, @RequestBody(required = false) ReasonRequest body) {
    registry.latest(key);
    return operations.resume(key, body == null ? null : body.reason());
  }

  @PostMapping("/{key}/stop-entry")
  JourneyRegistry.Journey stopEntry(
      @PathVariable String key, @RequestBody(required = false) ReasonRequest body) {
    registry.latest(key);
    operations.stopEntry(key, body == null ? null : body.reason());
    return registry.one(key);
  }

  @PostMapping("/{key}/stop")
  Map<String, Object> stop(
      @PathVariable String key, @RequestBody(required = false) ReasonRequest body) {
    registry.latest(key);
    return operations.stop(key, body == null ? null : body.reason());
  }
}
