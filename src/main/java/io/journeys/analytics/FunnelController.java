package io.journeys.analytics;

import io.journeys.config.EngineClock;
import io.journeys.web.ApiException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/journeys/{key}/funnel?from=&to=&version=} (CONTRACT §2, docs/analytics.md): the
 * journey's funnel over whole UTC days. 404 for a journey analytics never saw.
 */
@RestController
class FunnelController {

  static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  private final Funnel funnel;
  private final Clock clock;

  @Autowired
  FunnelController(Funnel funnel) {
    this(funnel, EngineClock.UTC);
  }

  FunnelController(Funnel funnel, Clock clock) {
    this.funnel = funnel;
    this.clock = clock;
  }

  @GetMapping("/api/journeys/{key}/funnel")
  Funnel.Report funnel(
      @PathVariable String key,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String version) {
    return report(key, from, to, version)
        .orElseThrow(() -> ApiException.notFound("no journey '" + key + "' in analytics"));
  }

  /**
   * The funnel of the journey, 400 naming the bad parameters; empty for a journey analytics never
   * saw.
   */
  Optional<Funnel.Report> report(String key, String from, String to, String version) {
    List<Map<String, String>> problems = new ArrayList<>();
    DayWindow window = DayWindow.parse(from, to, clock, problems);
    Integer v = null;
    if (version != null && !version.isBlank()) {
      try {
        v = Integer.valueOf(version.trim());
        if (v < 1) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        problems.add(DayWindow.problem("version", "a process definition version (1, 2, ...)"));
      }
    }
    if (!KEY.matcher(key).matches()) {
      problems.add(DayWindow.problem("key", "a process key (letters, digits, . _ -)"));
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid parameters", problems);
    }
    if (!funnel.known(key)) {
      return Optional.empty();
    }
    return Optional.of(funnel.report(key, window, v));
  }
}
