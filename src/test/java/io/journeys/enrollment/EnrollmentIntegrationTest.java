package io.journeys.enrollment;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeys.segment.SegmentDirectory;
import io.journeys.support.IntegrationTestSupport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk enrollment on PostgreSQL in the production shape: a segment of 10,000 contacts is enrolled
 * into a journey that waits on a timer. A first node works six batches and dies in the middle of
 * the seventh (its transaction rolls back, its lease stays); once the lease is stale, the
 * application's own worker takes the enrollment over and finishes it from the cursor. Every contact
 * has exactly one instance, and enrolling the segment again enrolls nobody.
 */
class EnrollmentIntegrationTest extends IntegrationTestSupport {

  private static final Logger log = LoggerFactory.getLogger(EnrollmentIntegrationTest.class);
  static final int CONTACTS = 10_000;
  static final int BATCH = 500;

  @Autowired Enrollments enrollments;
  @Autowired SegmentDirectory segments;
  @Autowired JourneyStarts starts;
  @Autowired PlatformTransactionManager transactions;
  @Autowired RepositoryService repository;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String journey = "bulk-" + run;
  private final String segment = "bulk-" + run;

  /** The node "dies" in the middle of a batch: not a failure the runner handles. */
  static final class NodeDied extends Error {
    NodeDied() {
      super("node died");
    }
  }

  @Test
  void tenThousandContactsAreEnrolledExactlyOnceAcrossACrashAndATakeOver() throws Exception {
    repository
        .createDeployment()
        .addModelInstance(
            journey + ".bpmn",
            Bpmn.createExecutableProcess(journey)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .message("custom.bulk." + run)
                .intermediateCatchEvent("Event_Wait")
                .timerWithDuration("P1D")
                .endEvent()
                .done())
        .deploy();
    jdbc.update(
        """
        insert into contact (id, created_at, updated_at)
        select ? || lpad(g::text, 5, '0'), now(), now() from generate_series(1, ?) g""",
        run + "-",
        CONTACTS);
    jdbc.update(
        "insert into segment (segment_key, name, definition, created_at, updated_at)"
            + " values (?, 'bulk', ?, now(), now())",
        segment,
        "{\"tag\":\"bulk-" + run + "\"}");
    jdbc.update(
        "insert into segment_member (segment, contact_id, entered_at) select ?, id, now() from contact"
            + " where id like ?",
        segment,
        run + "-%");

    TransactionTemplate tx = new TransactionTemplate(transactions);
    String id = UUID.randomUUID().toString();
    tx.executeWithoutResult(
        s -> {
          enrollments.create(id, journey, segment, List.of(), Instant.now());
          assertThat(enrollments.claim(id, "dead-node", Instant.now(), Instant.now())).isTrue();
        });
    AtomicInteger batches = new AtomicInteger();
    BatchStarter dying =
        (processKey, contactIds, enrollmentId, now) -> {
          if (batches.incrementAndGet() == 7) {
            starts.start(processKey, contactIds.subList(0, BATCH / 2), enrollmentId, now);
            throw new NodeDied();
          }
          return starts.start(processKey, contactIds, enrollmentId, now);
        };
    EnrollmentRunner deadNode =
        new EnrollmentRunner(
            "dead-node",
            enrollments,
            segments,
            dying,
            tx,
            new EnrollmentProperties(BATCH, null, null, null),
            Clock.systemUTC());

    long started = System.nanoTime();
    assertThatThrownBy(() -> deadNode.run(id, Integer.MAX_VALUE)).isInstanceOf(NodeDied.class);

    Enrollment halfway = enrollments.find(id).orElseThrow();
    assertThat(halfway.batches()).isEqualTo(6);
    assertThat(halfway.enrolled()).isEqualTo(6 * BATCH);
    assertThat(halfway.position()).isEqualTo(run + "-" + String.format("%05d", 6 * BATCH));
    assertThat(instances())
        .as("the seventh batch's starts rolled back with it")
        .containsEntry("instances", 6L * BATCH)
        .containsEntry("contacts", 6L * BATCH);
    assertThat(halfway.ownerNode()).isEqualTo("dead-node");

    // the dead node's lease grows old (as it would in a minute); this node's worker takes over
    jdbc.update(
        "update enrollment set heartbeat_at = heartbeat_at - interval '10 minutes' where id = ?",
        id);
    @SuppressWarnings("unchecked")
    Map<String, Object> done =
        waitFor("enrollment " + id + " done")
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> (Map<String, Object>) rest.getForObject("/api/enrollments/" + id, Map.class),
                view -> "done".equals(view.get("status")));
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(done)
        .containsEntry("enrolled", CONTACTS)
        .containsEntry("skipped", 0)
        .containsEntry("processed", CONTACTS)
        .containsEntry("batches", CONTACTS / BATCH);
    assertThat(instances())
        .as("exactly one instance per contact")
        .containsEntry("instances", (long) CONTACTS)
        .containsEntry("contacts", (long) CONTACTS);
    log.info(
        "enrolled {} contacts in {} s ({}/s, crash and take-over included)",
        CONTACTS,
        String.format("%.1f", seconds),
        Math.round(CONTACTS / seconds));

    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    Map<?, ?> again =
        rest.postForObject(
            "/api/journeys/" + journey + "/enrollments",
            new HttpEntity<>("{\"segment\":\"" + segment + "\"}", headers),
            Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> second =
        waitFor("the second enrollment " + again.get("enrollmentId") + " done")
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    (Map<String, Object>)
                        rest.getForObject(
                            "/api/enrollments/" + again.get("enrollmentId"), Map.class),
                view -> "done".equals(view.get("status")));
    assertThat(second).containsEntry("enrolled", 0).containsEntry("skipped", CONTACTS);
    assertThat(instances()).containsEntry("instances", (long) CONTACTS);
  }

  private Map<String, Object> instances() {
    return jdbc.queryForMap(
        "select count(*) as instances, count(distinct e.BUSINESS_KEY_) as contacts"
            + " from ACT_RU_EXECUTION e join ACT_RE_PROCDEF d on d.ID_ = e.PROC_DEF_ID_"
            + " where d.KEY_ = ? and e.PARENT_ID_ is null",
        journey);
  }
}
