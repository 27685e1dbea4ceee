package io.journeys.contact;

import io.journeys.config.EngineClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps imports from staying "running" after their node is gone. Each node has an id of its own
 * (new at every start) and renews the heartbeat of its running imports every {@code
 * journeys.imports.heartbeat} (default 10 s); every node, at start-up and then at the same
 * interval, fails the running imports whose heartbeat is older than {@code
 * journeys.imports.stale-after} (default 2 min), whichever node ran them. A live node's imports are
 * never stale, so two nodes on one database leave each other's imports alone. An interrupted
 * import's transaction was rolled back with its connection: nothing of it is kept.
 */
@Component
class ImportLeases {

  static final String STALE_REASON =
      "interrupted: the node running the import stopped; nothing was imported, start it again";

  private static final Logger log = LoggerFactory.getLogger(ImportLeases.class);

  private final ImportRepository imports;
  private final Duration staleAfter;
  private final String nodeId = UUID.randomUUID().toString();

  ImportLeases(
      ImportRepository imports,
      @Value("${journeys.imports.stale-after:PT2M}") Duration staleAfter) {
    this.imports = imports;
    this.staleAfter = staleAfter;
  }

  /** This node's id, recorded with the imports it runs. */
  String nodeId() {
    return nodeId;
  }

  @Scheduled(fixedDelayString = "${journeys.imports.heartbeat:PT10S}")
  void heartbeatAndFailStale() {
    Instant now = EngineClock.now();
    imports.heartbeat(nodeId, now);
    failStale(now);
  }

  /** Fails the running imports without a heartbeat for {@code stale-after}; answers their ids. */
  List<String> failStale(Instant now) {
    List<String> failed = imports.failRunning(null, now.minus(staleAfter), STALE_REASON, now);
    if (!failed.isEmpty()) {
      log.warn("Imports {} failed: no heartbeat from their node for {}", failed, staleAfter);
    }
    return failed;
  }

  /** At this node's shutdown: fails its imports that are still running. */
  void failOwn(String reason) {
    List<String> failed = imports.failRunning(nodeId, EngineClock.now(), reason, EngineClock.now());
    if (!failed.isEmpty()) {
      log.warn("Imports {} failed: {}", failed, reason);
    }
  }
}
