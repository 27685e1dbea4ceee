package io.journeys.operations;

import static io.journeys.operations.Requests.problem;

import io.journeys.web.ApiException;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Manual mode (docs/operations.md): global ({@code /api/journeys/mode}) and per journey ({@code
 * /api/journeys/{key}/mode}), and the outcome of a manual send task.
 */
@RestController
@RequestMapping("/api/journeys")
class ManualModeController {

  /** Body of mode. */
  record ModeRequest(String mode) {}

  /** Body of a manual send's outcome. */
  record OutcomeRequest(String outcome) {}

  private final JourneyRegistry registry;
  private final ManualMode manualMode;

  ManualModeController(JourneyRegistry registry, ManualMode manualMode) {
    this.registry = registry;
    this.manualMode = manualMode;
  }

  @GetMapping("/mode")
  Map<String, Object> globalMode() {
    return manualMode.global();
  }

  @PutMapping("/mode")
  Map<String, Object> globalMode(@RequestBody ModeRequest body) {
    return manualMode.switchAll(manual(body));
  }

  @PutMapping("/{key}/mode")
  Map<String, Object> mode(@PathVariable String key, @RequestBody ModeRequest body) {
    registry.latest(key);
    return manualMode.switchTo(key, manual(body));
  }

  @PostMapping("/{key}/manual-sends/{taskId}")
  Map<String, String> manualSend(
      @PathVariable String key, @PathVariable String taskId, @RequestBody OutcomeRequest body) {
    registry.latest(key);
    if (body.outcome() == null
        || !List.of(ManualTasks.SENT_BY_HAND, ManualTasks.SKIP).contains(body.outcome())) {
      throw ApiException.badRequest(
          "invalid outcome",
          List.of(problem("outcome", ManualTasks.SENT_BY_HAND + " or " + ManualTasks.SKIP)));
    }
    manualMode.decide(key, taskId, body.outcome());
    return Map.of("taskId", taskId, "outcome", body.outcome());
  }

  private static boolean manual(ModeRequest body) {
    if (body.mode() == null || !List.of("automatic", "manual").contains(body.mode())) {
      throw ApiException.badRequest(
          "invalid mode", List.of(problem("mode", "automatic or manual")));
    }
    return "manual".equals(body.mode());
  }
}
