package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.contact.ImportReport.Counts;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Imports of a node that is gone are failed; those of live nodes are left alone. */
@H2SpringTest
class ImportLeasesTest {

  @Autowired ImportLeases leases;
  @Autowired ImportRepository imports;
  @Autowired JdbcTemplate jdbc;

  private String running(String node, Duration heartbeatAgo) {
    String id = "lease-" + UUID.randomUUID();
    OffsetDateTime beat =
        node == null ? null : OffsetDateTime.now(ZoneOffset.UTC).minus(heartbeatAgo);
    jdbc.update(
        "insert into contact_import (id, status, file_name, created_at, node_id, heartbeat_at)"
            + " values (?, 'running', 'x.csv', ?, ?, ?)",
        id,
        OffsetDateTime.now(ZoneOffset.UTC).minus(heartbeatAgo),
        node,
        beat);
    return id;
  }

  private ImportReport report(String id) {
    return imports.find(id).orElseThrow();
  }

  @Test
  void importsWithoutARecentHeartbeatFailAndLiveOnesKeepRunning() {
    String gone = running("node-gone", Duration.ofMinutes(10));
    String legacy = running(null, Duration.ofHours(1)); // from before heartbeats existed
    String live = running("node-live", Duration.ofSeconds(5));

    assertThat(leases.failStale(Instant.now())).contains(gone, legacy).doesNotContain(live);

    assertThat(report(gone).status()).isEqualTo(ImportReport.FAILED);
    assertThat(report(gone).error()).isEqualTo(ImportLeases.STALE_REASON);
    assertThat(report(gone).finishedAt()).isNotNull();
    assertThat(report(legacy).status()).isEqualTo(ImportReport.FAILED);
    assertThat(report(live).status()).isEqualTo(ImportReport.RUNNING);
    assertThat(report(live).error()).isNull();
  }

  @Test
  void aNodeRenewsTheHeartbeatOfItsOwnImportsOnly() {
    String own = running(leases.nodeId(), Duration.ofMinutes(10));
    String other = running("node-other", Duration.ofMinutes(1));

    leases.heartbeatAndFailStale();

    assertThat(report(own).status())
        .as("renewed before the stale check")
        .isEqualTo(ImportReport.RUNNING);
    assertThat(
            jdbc.queryForObject(
                "select heartbeat_at from contact_import where id = ?", OffsetDateTime.class, own))
        .isAfter(OffsetDateTime.now().minusMinutes(1));
    assertThat(
            jdbc.queryForObject(
                "select heartbeat_at from contact_import where id = ?",
                OffsetDateTime.class,
                other))
        .isBefore(OffsetDateTime.now().minusSeconds(50));
    jdbc.update("update contact_import set status = 'completed' where id in (?, ?)", own, other);
  }

  @Test
  void aShutdownFailsTheNodesOwnImportsAndProgressNeverRevivesThem() {
    String own = running(leases.nodeId(), Duration.ZERO);
    String other = running("node-other", Duration.ZERO);

    leases.failOwn(ImportService.SHUTDOWN_REASON);
    imports.progress(own, new Counts(), ImportReport.RUNNING, null, null); // a late progress write

    assertThat(report(own).status()).isEqualTo(ImportReport.FAILED);
    assertThat(report(own).error()).isEqualTo(ImportService.SHUTDOWN_REASON);
    assertThat(report(other).status()).isEqualTo(ImportReport.RUNNING);
    jdbc.update("update contact_import set status = 'completed' where id = ?", other);
  }
}
