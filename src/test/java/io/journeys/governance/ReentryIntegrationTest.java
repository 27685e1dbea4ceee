package io.journeys.governance;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import io.journeys.journey.JourneyConstants;
import io.journeys.support.IntegrationTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The re-entry rule wired into the journey starts, on PostgreSQL: many events that would start the
 * same journey for one contact, stored concurrently (each in its own transaction and connection, as
 * on several nodes), start it once; a start within the window after the journey ended is refused
 * without losing the event; the rule itself on two "nodes" (two connection pools and transaction
 * managers on the one database).
 */
class ReentryIntegrationTest extends IntegrationTestSupport {

  @Autowired EventIntake intake;
  @Autowired RuntimeService runtime;
  @Autowired PlatformTransactionManager txManager;

  @Test
  void concurrentStartsForOneContactStartOneInstance() throws Exception {
    String contactId = contact();
    int starts = 8;
    CountDownLatch ready = new CountDownLatch(starts);
    ExecutorService pool = Executors.newFixedThreadPool(starts);
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < starts; i++) {
      calls.add(
          () -> {
            ready.countDown();
            ready.await();
            return intake.ingest(List.of(formSubmitted(contactId)));
          });
    }
    try {
      for (Future<Integer> accepted : pool.invokeAll(calls)) {
        assertThat(accepted.get()).as("every event is accepted, refused start or not").isOne();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(instances(contactId)).isOne();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event where contact_id = ? and type = ?",
                Integer.class,
                contactId,
                EventTypes.FORM_SUBMITTED))
        .isEqualTo(starts);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from journey_entry where contact_id = ?",
                Integer.class,
                contactId))
        .isOne();
  }

  @Test
  void aContactEntersAgainOnlyAfterTheWindowAndARefusedStartKeepsItsEvent() {
    String contactId = contact();
    intake.ingest(List.of(formSubmitted(contactId)));
    assertThat(instances(contactId)).isOne();
    String instanceId =
        runtime
            .createProcessInstanceQuery()
            .processInstanceBusinessKey(contactId)
            .singleResult()
            .getId();
    // the job executor may be running the instance's first job: retry on its lock
    waitFor("instance " + instanceId + " deleted")
        .ignoreException(OptimisticLockingException.class)
        .untilAsserted(() -> runtime.deleteProcessInstance(instanceId, "journey ended"));

    IncomingEvent again = formSubmitted(contactId);
    assertThat(intake.ingest(List.of(again))).isOne();
    assertThat(instances(contactId)).as("within 24 h of the first entry").isZero();
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event where id = ?", Integer.class, again.id()))
        .isOne();

    jdbc.update(
        "update journey_entry set entered_at = entered_at - interval '25 hours'"
            + " where contact_id = ?",
        contactId);
    intake.ingest(List.of(formSubmitted(contactId)));
    assertThat(instances(contactId)).as("after the window").isOne();
  }

  @Test
  void entriesAreExactAcrossTwoNodesForFirstAndExpiredEntries() throws Exception {
    DriverManagerDataSource secondPool =
        new DriverManagerDataSource(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
    ReentryRule nodeA = new ReentryRule(jdbc, txManager, Duration.ofDays(1));
    ReentryRule nodeB =
        new ReentryRule(
            new JdbcTemplate(secondPool),
            new DataSourceTransactionManager(secondPool),
            Duration.ofDays(1));
    PlatformTransactionManager txB = new DataSourceTransactionManager(secondPool);
    String contactId = "c-entries-" + UUID.randomUUID();
    Instant now = Instant.now();

    assertThat(concurrentEntries(contactId, now, nodeA, nodeB, txB)).as("first entry").isOne();
    jdbc.update(
        "update journey_entry set entered_at = ? where contact_id = ?",
        java.sql.Timestamp.from(now.minus(Duration.ofDays(2))),
        contactId);
    assertThat(concurrentEntries(contactId, now, nodeA, nodeB, txB)).as("after the window").isOne();
  }

  /** 16 entries of one contact at once, half on each node, each in a transaction of its node. */
  private long concurrentEntries(
      String contactId,
      Instant now,
      ReentryRule nodeA,
      ReentryRule nodeB,
      PlatformTransactionManager txB)
      throws Exception {
    int calls = 16;
    CountDownLatch ready = new CountDownLatch(calls);
    ExecutorService pool = Executors.newFixedThreadPool(calls);
    List<Callable<Boolean>> entries = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      boolean onA = i % 2 == 0;
      TransactionTemplate tx = new TransactionTemplate(onA ? txManager : txB);
      entries.add(
          () ->
              tx.execute(
                  status -> {
                    ready.countDown();
                    await(ready);
                    return (onA ? nodeA : nodeB).mayEnter(contactId, "lead-nurturing", now);
                  }));
    }
    try {
      long entered = 0;
      for (Future<Boolean> entry : pool.invokeAll(entries)) {
        entered += Boolean.TRUE.equals(entry.get()) ? 1 : 0;
      }
      return entered;
    } finally {
      pool.shutdown();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private long instances(String contactId) {
    return runtime
        .createProcessInstanceQuery()
        .processDefinitionKey(JourneyConstants.PROCESS_LEAD_NURTURING)
        .processInstanceBusinessKey(contactId)
        .count();
  }

  private String contact() {
    String contactId = "c-reentry-" + UUID.randomUUID();
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    assertThat(
            rest.exchange(
                    "/api/contacts/" + contactId,
                    HttpMethod.PUT,
                    new HttpEntity<>("{\"locale\":\"en\"}", headers),
                    String.class)
                .getStatusCode()
                .is2xxSuccessful())
        .isTrue();
    return contactId;
  }

  private static IncomingEvent formSubmitted(String contactId) {
    return new IncomingEvent(
        UUID.randomUUID().toString(),
        EventTypes.FORM_SUBMITTED,
        contactId,
        null,
        null,
        OffsetDateTime.now(),
        Map.of("formId", "whitepaper"));
  }
}
