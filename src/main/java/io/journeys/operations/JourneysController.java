package io.journeys.operations;

import io.journeys.operations.Control.OnMaxPause;
import io.journeys.operations.Control.Rollout;
import io.journeys.operations.Control.TimerPolicy;
import io.journeys.web.ApiException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/journeys}: the registry (GET, any role of marketing, admin, viewer) and the controls
 * (marketing and admin), every change audited (docs/operations.md).
 */
@RestController
@RequestMapping("/api/journeys")
class JourneysController {

  static final Duration LONGEST_PAUSE = Duration.ofDays(30);
  private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");

  /** Body of pause; every field optional. */
  record PauseRequest(String timerPolicy, String maxPause, String onMaxPause, String reason) {}

  /** Body of resume, stop-entry and stop; optional. */
  record ReasonRequest(String reason) {}

  /** Body of rollout: {@code percent} (0-100, two decimals) and/or attribute with values. */
  record RolloutRequest(BigDecimal percent, String attribute, List<String> values) {}

  /** Body of a migration: {@code dryRun} (default true) and {@code timerPolicy} keep | update. */
  record MigrationRequest(Boolean dryRun, String timerPolicy) {}

  /** Body of mode. */
  record ModeRequest(String mode) {}

  /** Body of a manual send's outcome. */
  record OutcomeRequest(String outcome) {}

  private final JourneyRegistry registry;
  private final JourneyOperations operations;
  private final OperationsAudit audit;
  private final NotEntered notEntered;
  private final ManualMode manualMode;
  private final JourneyMigrations migrations;

  JourneysController(
      JourneyRegistry registry,
      JourneyOperations operations,
      OperationsAudit audit,
      NotEntered notEntered,
      ManualMode manualMode,
      JourneyMigrations migrations) {
    this.migrations = migrations;
    this.manualMode = manualMode;
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
    return audit.of(key, Math.max(1, Math.min(limit, 1000)));
  }

  @GetMapping("/{key}/not-entered")
  List<NotEntered.Entry> notEntered(
      @PathVariable String key, @RequestParam(defaultValue = "100") int limit) {
    registry.latest(key);
    return notEntered.latest(key, Math.max(1, Math.min(limit, 1000)));
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

  @PutMapping("/{key}/rollout")
  JourneyRegistry.Journey rollout(@PathVariable String key, @RequestBody RolloutRequest body) {
    registry.latest(key);
    List<Map<String, String>> problems = new ArrayList<>();
    BigDecimal percent = body.percent();
    if (percent != null
        && (percent.signum() < 0
            || percent.compareTo(BigDecimal.valueOf(100)) > 0
            || percent.stripTrailingZeros().scale() > 2)) {
      problems.add(problem("percent", "a number from 0 to 100 with at most two decimals"));
    }
    String attribute =
        body.attribute() == null || body.attribute().isBlank() ? null : body.attribute().strip();
    List<String> values =
        body.values() == null
            ? List.of()
            : body.values().stream()
                .filter(v -> v != null && !v.isBlank())
                .map(String::strip)
                .toList();
    if (attribute != null && !ATTRIBUTE.matcher(attribute).matches()) {
      problems.add(problem("attribute", "a contact attribute name (letters, digits, _ . -)"));
    }
    if (attribute != null && values.isEmpty()) {
      problems.add(problem("values", "at least one value when an attribute is given"));
    }
    if (attribute == null && !values.isEmpty()) {
      problems.add(problem("attribute", "required with values"));
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid rollout", problems);
    }
    boolean all = percent != null && percent.compareTo(BigDecimal.valueOf(100)) == 0;
    operations.rollout(
        key, new Rollout(all ? null : percent, attribute, attribute == null ? List.of() : values));
    return registry.one(key);
  }

  @PostMapping("/{key}/migrations")
  Map<String, Object> migrate(
      @PathVariable String key, @RequestBody(required = false) MigrationRequest body) {
    var target = registry.latest(key);
    MigrationRequest b = body == null ? new MigrationRequest(null, null) : body;
    String timers = b.timerPolicy() == null ? "keep" : b.timerPolicy();
    if (!List.of("keep", "update").contains(timers)) {
      throw ApiException.badRequest(
          "invalid migration", List.of(problem("timerPolicy", "keep or update")));
    }
    return migrations.migrate(target, b.dryRun() == null || b.dryRun(), "update".equals(timers));
  }

  @PutMapping("/{key}/mode")
  Map<String, Object> mode(@PathVariable String key, @RequestBody ModeRequest body) {
    registry.latest(key);
    if (body.mode() == null || !List.of("automatic", "manual").contains(body.mode())) {
      throw ApiException.badRequest(
          "invalid mode", List.of(problem("mode", "automatic or manual")));
    }
    return manualMode.switchTo(key, "manual".equals(body.mode()));
  }

  @PostMapping("/{key}/manual-sends/{taskId}")
  Map<String, String> manualSend(
      @PathVariable String key, @PathVariable String taskId, @RequestBody OutcomeRequest body) {
    registry.latest(key);
    if (body.outcome() == null
        || !List.of(ManualMode.SENT_BY_HAND, ManualMode.SKIP).contains(body.outcome())) {
      throw ApiException.badRequest(
          "invalid outcome",
          List.of(problem("outcome", ManualMode.SENT_BY_HAND + " or " + ManualMode.SKIP)));
    }
    manualMode.decide(key, taskId, body.outcome());
    return Map.of("taskId", taskId, "outcome", body.outcome());
  }

  private static <E extends Enum<E>> E choice(
      Class<E> type, String field, String value, E fallback, List<Map<String, String>> problems) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(
          problem(
              field,
              "one of "
                  + java.util.Arrays.stream(type.getEnumConstants())
                      .map(c -> c.name().toLowerCase(Locale.ROOT))
                      .toList()));
      return fallback;
    }
  }

  private static Map<String, String> problem(String field, String reason) {
    return Map.of("field", field, "reason", reason);
  }
}
