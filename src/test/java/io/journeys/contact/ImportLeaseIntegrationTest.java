package io.journeys.contact;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.IntegrationTestSupport;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL: an import left "running" by a node that died (its heartbeat stopped) is failed by
 * the live node, while an import of another live node on the same database keeps running.
 */
class ImportLeaseIntegrationTest extends IntegrationTestSupport {

  private String running(String node, Duration heartbeatAgo) {
    String id = "lease-it-" + UUID.randomUUID();
    OffsetDateTime beat = OffsetDateTime.now(ZoneOffset.UTC).minus(heartbeatAgo);
    jdbc.update(
        "insert into contact_import (id, status, file_name, created_at, node_id, heartbeat_at)"
            + " values (?, 'running', 'contacts.csv', ?, ?, ?)",
        id,
        beat,
        node,
        beat);
    return id;
  }

  @Test
  void anImportOfADeadNodeFailsWithAReasonAndOneOfALiveNodeKeepsRunning() {
    String dead = running("node-killed-" + UUID.randomUUID(), Duration.ofMinutes(15));
    String live = running("node-live-" + UUID.randomUUID(), Duration.ZERO);
    try {
      // the sweep runs every 10 s; the ceiling stays under the 2 minutes after which the live
      // import's heartbeat (not renewed here) would be stale too
      waitFor("import " + dead + " of a dead node failed")
          .atMost(Duration.ofSeconds(100))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  "failed"
                      .equals(rest.getForObject("/api/imports/" + dead, Map.class).get("status")));
      Map<String, Object> report = rest.getForObject("/api/imports/" + dead, Map.class);
      assertThat(report.get("error")).isEqualTo(ImportLeases.STALE_REASON);
      assertThat(report.get("finishedAt")).isNotNull();
      Map<String, Object> other = rest.getForObject("/api/imports/" + live, Map.class);
      assertThat(other.get("status")).isEqualTo("running");
      assertThat(other.get("error")).isNull();
    } finally {
      jdbc.update("delete from contact_import where id = ?", live);
    }
  }
}
