package io.journeys.operations;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The run window of each journey's latest version, for the entry check: looked up at most every
 * {@link #REFRESH} per journey (so a start costs no query; a new version's window applies within
 * that time), in the zone {@code journeys.operations.run-window-zone} (default {@code
 * Asia/Shanghai}).
 */
@Component
class RunWindows {

  static final Duration REFRESH = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(RunWindows.class);

  private record Cached(Optional<RunWindow> window, Instant until) {}

  private final RepositoryService repository;
  private final JourneyMetadata metadata;
  private final ZoneId zone;
  private final Map<String, Cached> byKey = new ConcurrentHashMap<>();

  RunWindows(
      RepositoryService repository,
      JourneyMetadata metadata,
      @Value("${journeys.operations.run-window-zone:Asia/Shanghai}") String zone) {
    this.repository = repository;
    this.metadata = metadata;
    this.zone = ZoneId.of(zone);
  }

  /** The window of this version; empty when it has none or one that is no interval. */
  Optional<RunWindow> of(ProcessDefinition definition) {
    String text =
        metadata.of(definition.getId(), definition.getKey()).get(JourneyMetadata.RUN_WINDOW);
    RunWindow window = RunWindow.parse(text, zone);
    if (text != null && window == null) {
      log.warn(
          "journey {}: runWindow '{}' is no ISO-8601 interval; not enforced",
          definition.getKey(),
          text);
    }
    return Optional.ofNullable(window);
  }

  /** Why an entry now is refused, or null when the journey's window (if any) is open. */
  String refusal(String key, Instant now) {
    Cached cached = byKey.get(key);
    if (cached == null || now.isAfter(cached.until())) {
      ProcessDefinition latest =
          repository
              .createProcessDefinitionQuery()
              .processDefinitionKey(key)
              .latestVersion()
              .singleResult();
      cached = new Cached(latest == null ? Optional.empty() : of(latest), now.plus(REFRESH));
      byKey.put(key, cached);
    }
    return cached
        .window()
        .filter(w -> !w.contains(now))
        .map(w -> "outside run window " + w.text() + " (" + w.state(now) + ")")
        .orElse(null);
  }

  /** Forgets what was looked up (tests that deploy a new version). */
  void forget(String key) {
    byKey.remove(key);
  }
}
