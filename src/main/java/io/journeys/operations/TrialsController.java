package io.journeys.operations;

import static io.journeys.operations.Requests.problem;

import io.journeys.segment.SegmentDirectory;
import io.journeys.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/journeys/{key}/trials}: trial runs (docs/operations.md). */
@RestController
@RequestMapping("/api/journeys")
class TrialsController {

  static final int MAX_TIMER_FACTOR = 100_000;

  /**
   * Body of a trial: {@code contactIds} (1–100) or {@code segment} with {@code limit} (1–100,
   * default 100); {@code sends} sandbox (default) | seeds; {@code timerFactor} (1, the default, to
   * 100,000).
   */
  record TrialRequest(
      List<String> contactIds, String segment, Integer limit, String sends, Integer timerFactor) {}

  private final JourneyRegistry registry;
  private final TrialRuns trials;
  private final SegmentDirectory segments;

  TrialsController(JourneyRegistry registry, TrialRuns trials, SegmentDirectory segments) {
    this.registry = registry;
    this.trials = trials;
    this.segments = segments;
  }

  @PostMapping("/{key}/trials")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, Object> start(@PathVariable String key, @RequestBody TrialRequest body) {
    var journey = registry.latest(key);
    List<Map<String, String>> problems = new ArrayList<>();
    List<String> ids =
        body.contactIds() == null
            ? List.of()
            : List.copyOf(
                new LinkedHashSet<>(
                    body.contactIds().stream()
                        .filter(id -> id != null && !id.isBlank())
                        .map(String::strip)
                        .toList()));
    String segment = body.segment() == null || body.segment().isBlank() ? null : body.segment();
    if (ids.isEmpty() == (segment == null)) {
      problems.add(problem("contactIds", "either contactIds or segment"));
    }
    if (ids.size() > TrialRuns.MAX_CONTACTS) {
      problems.add(problem("contactIds", "at most " + TrialRuns.MAX_CONTACTS + " contacts"));
    }
    int limit = body.limit() == null ? TrialRuns.MAX_CONTACTS : body.limit();
    if (limit < 1 || limit > TrialRuns.MAX_CONTACTS) {
      problems.add(problem("limit", "from 1 to " + TrialRuns.MAX_CONTACTS));
    }
    if (segment != null && !segments.exists(segment)) {
      problems.add(problem("segment", "no segment " + segment));
    }
    int factor = body.timerFactor() == null ? 1 : body.timerFactor();
    if (factor < 1 || factor > MAX_TIMER_FACTOR) {
      problems.add(problem("timerFactor", "from 1 to " + MAX_TIMER_FACTOR));
    }
    TrialRuns.Sends sends =
        Requests.choice(
            TrialRuns.Sends.class, "sends", body.sends(), TrialRuns.Sends.SANDBOX, problems);
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid trial", problems);
    }
    if (segment != null) {
      ids = segments.members(segment, "", limit);
      if (ids.isEmpty()) {
        throw ApiException.badRequest(
            "invalid trial", List.of(problem("segment", "segment " + segment + " is empty")));
      }
    }
    return trials.start(journey, ids, segment, sends, factor);
  }

  @GetMapping("/{key}/trials/{id}")
  Map<String, Object> status(@PathVariable String key, @PathVariable String id) {
    registry.latest(key);
    return trials.status(key, id);
  }
}
