package io.journeys.segment;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import io.journeys.support.IntegrationTestSupport;
import io.journeys.support.Waits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two transactions entering the same two contacts into a segment at once, on PostgreSQL (two
 * passes, as on two nodes): the second one's batch insert waits on the first one's keys, fails on
 * them, goes back to its savepoint and enters one by one, finding both members: it announces
 * nothing. One stay and one announcement per contact.
 */
class SegmentEntryRaceIntegrationTest extends IntegrationTestSupport {

  @Autowired FactLoader facts;
  @Autowired SegmentMembers members;
  @Autowired SegmentCatalog catalog;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void twoTransactionsEnteringTheSameContactsEnterEachOnce() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String key = "race-" + run;
    List<String> contacts = List.of("race-" + run + "-a", "race-" + run + "-b");
    contacts.forEach(
        contact ->
            jdbc.update(
                "insert into contact (id, email, created_at, updated_at)"
                    + " values (?, ?, now(), now())",
                contact,
                contact + "@example.com"));
    // the segment is in the catalog of the running application too (any contact changed meanwhile
    // is evaluated against it): it names this test's contacts only, not "created today", which
    // every contact of the shared database is
    jdbc.update(
        "insert into segment (segment_key, name, definition, created_at, updated_at)"
            + " values (?, 'race', ?, now(), now())",
        key,
        """
        {"all": [{"field": "createdAt", "op": "withinDays", "value": 1},
                 {"field": "email", "op": "contains", "value": "race-%s-"}]}"""
            .formatted(run));
    Segment segment = catalog.find(key).orElseThrow();
    List<IncomingEvent> announced = Collections.synchronizedList(new ArrayList<>());
    Membership membership =
        new Membership(
            facts,
            members,
            events -> {
              announced.addAll(events);
              return events.size();
            });
    TransactionTemplate tx = new TransactionTemplate(transactions);
    CountDownLatch firstEntered = new CountDownLatch(1);
    CountDownLatch commitFirst = new CountDownLatch(1);
    AtomicInteger firstSession = new AtomicInteger();
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      Future<Membership.Changes> first =
          nodes.submit(
              () ->
                  tx.execute(
                      status -> {
                        firstSession.set(
                            jdbc.queryForObject("select pg_backend_pid()", Integer.class));
                        Membership.Changes changes =
                            membership.reevaluate(List.of(segment), contacts, Instant.now(), "a");
                        firstEntered.countDown();
                        waitFor("the test to let the first transaction commit")
                            .until(() -> commitFirst.getCount() == 0);
                        return changes;
                      }));
      assertThat(firstEntered.await(Waits.CEILING.toSeconds(), TimeUnit.SECONDS))
          .as("the first transaction entered the contacts")
          .isTrue();
      Future<Membership.Changes> second =
          nodes.submit(
              () ->
                  tx.execute(
                      status ->
                          membership.reevaluate(List.of(segment), contacts, Instant.now(), "b")));
      // the second transaction waits for the first one's row (a lock wait in PostgreSQL): a
      // session blocked by the first transaction's, not any lock wait of the shared database
      waitFor("the second transaction's insert blocked by the first transaction")
          .until(
              () ->
                  jdbc.queryForObject(
                          "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                              + " and query like 'insert into segment_member%'"
                              + " and ? = any(pg_blocking_pids(pid))",
                          Integer.class, firstSession.get())
                      > 0);
      assertThat(second.isDone()).isFalse();
      commitFirst.countDown();

      assertThat(first.get(Waits.CEILING.toSeconds(), TimeUnit.SECONDS).entered()).isEqualTo(2);
      assertThat(second.get(Waits.CEILING.toSeconds(), TimeUnit.SECONDS).entered())
          .as("found the member, announced nothing")
          .isZero();
    } finally {
      nodes.shutdownNow();
    }
    assertThat(
            jdbc.queryForObject(
                "select count(*) from segment_member where segment = ?", Integer.class, key))
        .isEqualTo(2);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from segment_membership where segment = ?", Integer.class, key))
        .isEqualTo(2);
    assertThat(announced).filteredOn(e -> e.type().equals(EventTypes.SEGMENT_ENTERED)).hasSize(2);
    jdbc.update("delete from segment_member where segment = ?", key);
    jdbc.update("delete from segment_membership where segment = ?", key);
    jdbc.update("delete from segment where segment_key = ?", key);
  }
}
