package io.journeys.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.contact.ContactFacts;
import io.journeys.contact.H2SpringTest;
import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import io.journeys.journey.JourneyConstants;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dormant segment on the whole application (embedded shape, H2, no job executor): the scan run
 * by the engine from its nightly timer, entries, the events and journeys they start, exits on an
 * order, batching and re-entry. Contacts are this test's own (ids with a run prefix).
 */
@H2SpringTest
class DormantSegmentTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired ContactFacts contactFacts;
  @Autowired EventIntake intake;
  @Autowired SegmentMembers members;
  @Autowired FactLoader facts;
  @Autowired SegmentCatalog catalog;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired PlatformTransactionManager transactions;

  private final String run = "seg-" + UUID.randomUUID().toString().substring(0, 8) + "-";
  private final Instant now = Instant.now();

  @Test
  void theNightlyScanEntersDormantMembersOnceAndStartsTheirWinBack() {
    String dormant = contact("dormant", 200);
    String lapsedBuyer = contact("lapsed-buyer", 400);
    order(lapsedBuyer, 120);
    String recentBuyer = contact("recent-buyer", 400);
    order(recentBuyer, 10);
    String newcomer = contact("newcomer", 100);

    scanThroughTheEngine();

    assertThat(openMembers()).containsExactly(dormant, lapsedBuyer);
    for (String member : List.of(dormant, lapsedBuyer)) {
      assertThat(
              jdbc.queryForObject(
                  "select type from event where id = ?", String.class, entryEventId(member)))
          .isEqualTo(JourneyConstants.MSG_SEGMENT_DORMANT_ENTERED);
      assertThat(winBack(member)).as("dormant-win-back of " + member).isNotNull();
    }
    assertThat(winBack(recentBuyer)).isNull();
    assertThat(winBack(newcomer)).isNull();

    scanThroughTheEngine();

    assertThat(
            jdbc.queryForObject(
                "select count(*) from segment_membership where segment = 'dormant'"
                    + " and contact_id like ?",
                Integer.class,
                run + "%"))
        .as("no second entry")
        .isEqualTo(2);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event where contact_id like ? and type = ?",
                Integer.class,
                run + "%",
                JourneyConstants.MSG_SEGMENT_DORMANT_ENTERED))
        .isEqualTo(2);
  }

  /**
   * Seed 004's "沉睡唤醒" segment (V67): registered over 30 days ago, no login and no order for 30
   * days, not a dormant member; its entry starts dormant-reactivation.
   */
  @Test
  void theNightlyScanEntersInactiveContactsAndStartsTheirReactivation() {
    String inactive = contact("inactive", 100);
    String loggedIn = contact("logged-in", 100);
    login(loggedIn, 5);
    String dormant = contact("dormant", 200);
    String newcomer = contact("newcomer", 10);

    scanThroughTheEngine();

    assertThat(
            jdbc.queryForList(
                "select contact_id from segment_membership where segment = 'inactive'"
                    + " and left_at is null and contact_id like ? order by contact_id",
                String.class,
                run + "%"))
        .containsExactly(inactive);
    assertThat(journey(JourneyConstants.PROCESS_DORMANT_REACTIVATION, inactive)).isNotNull();
    assertThat(journey(JourneyConstants.PROCESS_DORMANT_REACTIVATION, dormant))
        .as("a dormant member gets the win-back, not a second reactivation journey")
        .isNull();
    assertThat(winBack(dormant)).isNotNull();
    assertThat(journey(JourneyConstants.PROCESS_DORMANT_REACTIVATION, loggedIn)).isNull();
    assertThat(journey(JourneyConstants.PROCESS_DORMANT_REACTIVATION, newcomer)).isNull();
  }

  @Test
  void anOrderTakesTheMemberOutOfTheSegmentAndEndsTheWinBack() {
    String member = contact("member", 200);
    scanThroughTheEngine();
    ProcessInstance winBack = winBack(member);
    assertThat(winBack).isNotNull();

    order(member, 0);

    assertThat(openMembers()).isEmpty();
    assertThat(
            jdbc.queryForMap(
                "select left_at, left_reason from segment_membership where contact_id = ?", member))
        .containsEntry("LEFT_REASON", EventTypes.ORDER_PLACED)
        .extractingByKey("LEFT_AT")
        .isNotNull();
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(winBack.getId()).count())
        .as("won back")
        .isZero();

    scanThroughTheEngine();
    assertThat(openMembers()).as("ordered within 90 days: not dormant").isEmpty();
  }

  @Test
  void anOldOrderArrivingLateDoesNotTakeTheMemberOut() {
    String member = contact("member", 400);
    scanThroughTheEngine();

    order(member, 100);

    assertThat(openMembers()).containsExactly(member);
  }

  @Test
  void aMemberWhoOrderedAndLapsedAgainEntersAgainLater() {
    List<IncomingEvent> published = new ArrayList<>();
    DormantSegmentScanDelegate pass = pass(500, published);
    String member = contact("member", 400);
    passOverThisRun(pass, now);
    order(member, 0);
    assertThat(openMembers()).isEmpty();

    Instant later = now.plus(Duration.ofDays(91));
    passOverThisRun(pass, later);

    assertThat(openMembers()).containsExactly(member);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from segment_membership where contact_id = ?",
                Integer.class,
                member))
        .isEqualTo(2);
    assertThat(published)
        .filteredOn(
            e ->
                e.contactId().equals(member)
                    && e.type().equals(JourneyConstants.MSG_SEGMENT_DORMANT_ENTERED))
        .extracting(IncomingEvent::id)
        .containsExactly(entryEventId(member, now), entryEventId(member, later));
    assertThat(published)
        .filteredOn(
            e -> e.contactId().equals(member) && e.type().equals(EventTypes.SEGMENT_ENTERED))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.properties()).containsEntry("segment", "dormant"));
  }

  @Test
  void thePassGoesInBatchesOfTheConfiguredSize() {
    List<IncomingEvent> published = new ArrayList<>();
    DormantSegmentScanDelegate pass = pass(2, published);
    List<String> members = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      members.add(contact("member-" + i, 200));
    }

    List<DormantSegmentScanDelegate.Batch> batches = passOverThisRun(pass, now);

    assertThat(batches)
        .hasSizeGreaterThanOrEqualTo(3)
        .allMatch(batch -> batch.changes().entered() + batch.changes().left() <= 2);
    assertThat(openMembers()).containsExactlyElementsOf(members);
    assertThat(published)
        .filteredOn(e -> e.type().equals(JourneyConstants.MSG_SEGMENT_DORMANT_ENTERED))
        .extracting(IncomingEvent::contactId)
        .containsExactlyElementsOf(members);
  }

  @Test
  void aContactEntersOnceHoweverOftenItIsEvaluated() {
    String member = contact("member", 200);
    List<IncomingEvent> published = new ArrayList<>();
    DormantSegmentScanDelegate pass = pass(500, published);

    passOverThisRun(pass, now);
    passOverThisRun(pass, now);

    assertThat(members.enter("dormant", member, now))
        .as("the primary key refuses a second entry")
        .isFalse();
    assertThat(openMembers()).containsExactly(member);
    assertThat(published).filteredOn(e -> e.type().equals(EventTypes.SEGMENT_ENTERED)).hasSize(1);
  }

  /** Fires the nightly timer and runs the scan's batch jobs until the instance ends. */
  private void scanThroughTheEngine() {
    Job timer =
        management
            .createJobQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
            .timers()
            .singleResult();
    assertThat(timer).as("nightly timer").isNotNull();
    management.executeJob(timer.getId());
    // the pass the timer started (not a rebuild another test's save started: those name their
    // segments)
    ProcessInstance scan =
        runtime
            .createProcessInstanceQuery()
            .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
            .list()
            .stream()
            .filter(
                pi ->
                    runtime.getVariable(pi.getId(), DormantSegmentScanDelegate.VAR_SEGMENTS)
                        == null)
            .findFirst()
            .orElse(null);
    for (int jobs = 0; scan != null && jobs < 1000; jobs++) {
      management.executeJob(
          management.createJobQuery().processInstanceId(scan.getId()).singleResult().getId());
      scan = runtime.createProcessInstanceQuery().processInstanceId(scan.getId()).singleResult();
    }
    assertThat(scan).as("scan finished").isNull();
  }

  /**
   * The pass over this run's contacts only (ids starting with the run prefix), one transaction per
   * batch.
   */
  private List<DormantSegmentScanDelegate.Batch> passOverThisRun(
      DormantSegmentScanDelegate pass, Instant at) {
    TransactionTemplate tx = new TransactionTemplate(transactions);
    List<DormantSegmentScanDelegate.Batch> batches = new ArrayList<>();
    String cursor = run;
    while (true) {
      String after = cursor;
      DormantSegmentScanDelegate.Batch batch =
          tx.execute(status -> pass.nextBatch("dormant", after, at));
      batches.add(batch);
      if (batch.done() || batch.cursor().compareTo(run + "~") >= 0) {
        return batches;
      }
      cursor = batch.cursor();
    }
  }

  /**
   * The pass of the dormant segment with its own batch size, announcing into a list (no journeys
   * started).
   */
  private DormantSegmentScanDelegate pass(int batchSize, List<IncomingEvent> published) {
    Membership membership =
        new Membership(
            facts,
            members,
            events -> {
              published.addAll(events);
              return events.size();
            });
    return new DormantSegmentScanDelegate(catalog, membership, contactFacts, batchSize);
  }

  private String contact(String name, int registeredDaysAgo) {
    String id = run + name;
    Timestamp created = Timestamp.from(now.minus(Duration.ofDays(registeredDaysAgo)));
    jdbc.update(
        "insert into contact (id, created_at, updated_at) values (?, ?, ?)", id, created, created);
    return id;
  }

  private void order(String contactId, int daysAgo) {
    intake.ingest(
        List.of(
            new IncomingEvent(
                UUID.randomUUID().toString(),
                EventTypes.ORDER_PLACED,
                contactId,
                null,
                null,
                now.minus(Duration.ofDays(daysAgo)).atOffset(ZoneOffset.UTC),
                Map.of("orderId", "o-" + UUID.randomUUID(), "amount", 99, "currency", "CNY"))));
  }

  private void login(String contactId, int daysAgo) {
    intake.ingest(
        List.of(
            new IncomingEvent(
                UUID.randomUUID().toString(),
                EventTypes.LOGIN,
                contactId,
                null,
                null,
                now.minus(Duration.ofDays(daysAgo)).atOffset(ZoneOffset.UTC),
                Map.of())));
  }

  private ProcessInstance journey(String processKey, String contactId) {
    return runtime
        .createProcessInstanceQuery()
        .processDefinitionKey(processKey)
        .processInstanceBusinessKey(contactId)
        .singleResult();
  }

  private List<String> openMembers() {
    return jdbc.queryForList(
        "select contact_id from segment_membership where segment = 'dormant'"
            + " and left_at is null and contact_id like ? order by contact_id",
        String.class,
        run + "%");
  }

  private ProcessInstance winBack(String contactId) {
    return runtime
        .createProcessInstanceQuery()
        .processDefinitionKey(JourneyConstants.PROCESS_DORMANT_WIN_BACK)
        .processInstanceBusinessKey(contactId)
        .singleResult();
  }

  private String entryEventId(String contactId) {
    return entryEventId(contactId, Instant.now());
  }

  private static String entryEventId(String contactId, Instant at) {
    return "segment:dormant:" + contactId + ":" + LocalDate.ofInstant(at, ZoneOffset.UTC);
  }
}
