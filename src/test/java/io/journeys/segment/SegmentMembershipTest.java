package io.journeys.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.contact.H2SpringTest;
import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import io.journeys.journey.JourneyConstants;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Membership kept current on the embedded shape: an event enters and takes out the contact at once
 * (only the segments that name its type are evaluated), a window that runs out takes a member out
 * at the next pass without any event, and an entry starts a journey whose message start event names
 * the segment.
 */
@H2SpringTest
class SegmentMembershipTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcTemplate jdbc;
  @Autowired EventIntake intake;
  @Autowired RuntimeService runtime;
  @Autowired RepositoryService repository;
  @Autowired ManagementService management;
  @Autowired DormantSegmentScanDelegate pass;
  @Autowired PlatformTransactionManager transactions;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String key = "browsers-" + run;

  /**
   * The time of the events: five days and an hour ago, so that the pass can run "later" at the real
   * time.
   */
  private final Instant now = Instant.now().minus(Duration.ofDays(5)).minus(Duration.ofHours(1));

  @BeforeEach
  void engineClock() {
    ClockUtil.setCurrentTime(java.util.Date.from(now));
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void eventsEnterAndTakeOutAtOnceAndAnExpiredWindowTakesOutAtTheNextPass() throws Exception {
    // viewed products at least 3 times in 7 days and did not order within 7 days
    save(
        key,
        """
        {"all":[{"event":"product.viewed","count":{"op":"gte","value":3},"withinDays":7},
                {"not":{"event":"order.placed","count":{"op":"gte","value":1},"withinDays":7}}]}""");
    String browser = contact("browser");
    String buyer = contact("buyer");

    view(browser, 2);
    view(browser, 1);
    assertThat(members()).isEmpty();
    view(browser, 0);
    view(buyer, 0);
    view(buyer, 0);
    view(buyer, 0);
    assertThat(members()).containsExactlyInAnyOrder(browser, buyer);
    assertThat(announced(browser, EventTypes.SEGMENT_ENTERED)).isOne();
    assertThat(announced(browser, "custom.segment." + key + ".entered")).isOne();

    event(buyer, EventTypes.ORDER_PLACED, 0);
    assertThat(members()).containsExactly(browser);
    assertThat(
            jdbc.queryForObject(
                "select left_reason from segment_membership where segment = ? and contact_id = ?",
                String.class,
                key,
                buyer))
        .isEqualTo(EventTypes.ORDER_PLACED);
    assertThat(announced(buyer, EventTypes.SEGMENT_LEFT)).isOne();

    // five days later the view of two days before is out of the 7-day window: no event
    // arrives, the pass takes the browser out
    Instant later = now.plus(Duration.ofDays(5)).plus(Duration.ofHours(1));
    ClockUtil.setCurrentTime(java.util.Date.from(later));
    passOverThisRun(later);

    assertThat(members()).isEmpty();
    assertThat(
            jdbc.queryForObject(
                "select left_reason from segment_membership where segment = ? and contact_id = ?",
                String.class,
                key,
                browser))
        .isEqualTo("re-evaluated");
    assertThat(announced(browser, EventTypes.SEGMENT_LEFT)).isOne();
  }

  @Test
  void onlySegmentsThatNameTheEventAreEvaluatedForIt() throws Exception {
    save(key, "{\"tag\":\"fan-" + run + "\"}");
    String fan = contact("fan");
    jdbc.update(
        "insert into contact_tag (contact_id, tag, created_at) values (?, ?, ?)",
        fan,
        "fan-" + run,
        Timestamp.from(now));

    view(fan, 0);
    assertThat(members()).as("product.viewed does not concern a tag segment").isEmpty();

    passOverThisRun(now);
    assertThat(members()).as("the pass finds what no event announced").containsExactly(fan);
  }

  @Test
  void anEntryStartsTheJourneyThatStartsOnTheSegment() throws Exception {
    String journey = "on-segment-" + run;
    repository
        .createDeployment()
        .addModelInstance(
            journey + ".bpmn",
            Bpmn.createExecutableProcess(journey)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .message("custom.segment." + key + ".entered")
                .userTask("Task_Wait")
                .endEvent()
                .done())
        .deploy();
    save(key, "{\"event\":\"cart.added\",\"count\":{\"op\":\"gte\",\"value\":1},\"withinDays\":1}");
    String shopper = contact("shopper");

    event(shopper, EventTypes.CART_ADDED, 0);

    ProcessInstance started =
        runtime
            .createProcessInstanceQuery()
            .processDefinitionKey(journey)
            .processInstanceBusinessKey(shopper)
            .singleResult();
    assertThat(started).as("journey started by the entry").isNotNull();
    assertThat(runtime.getVariable(started.getId(), JourneyConstants.VAR_CONTACT_ID))
        .isEqualTo(shopper);

    event(shopper, EventTypes.CART_ADDED, 0);
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(journey).count())
        .as("a member that stays enters once")
        .isOne();
  }

  private void save(String segment, String definition) throws Exception {
    mvc.perform(
            post("/api/segments")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
        {"key":"%s","name":"%s","definition":%s}"""
                        .formatted(segment, segment, definition)))
        .andExpect(status().isCreated());
    // the rebuild the save started is not needed: none of this test's contacts exists yet
    runtime
        .createProcessInstanceQuery()
        .processDefinitionKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
        .variableValueEquals(DormantSegmentScanDelegate.VAR_SEGMENTS, segment)
        .list()
        .forEach(pi -> runtime.deleteProcessInstance(pi.getId(), "not needed in this test"));
  }

  private void passOverThisRun(Instant at) {
    TransactionTemplate tx = new TransactionTemplate(transactions);
    String cursor = "seg-m-" + run;
    while (true) {
      String after = cursor;
      DormantSegmentScanDelegate.Batch batch = tx.execute(status -> pass.nextBatch(key, after, at));
      if (batch.done() || batch.cursor().compareTo("seg-m-" + run + "~") >= 0) {
        return;
      }
      cursor = batch.cursor();
    }
  }

  private String contact(String name) {
    String id = "seg-m-" + run + "-" + name;
    Timestamp created = Timestamp.from(now.minus(Duration.ofDays(30)));
    jdbc.update(
        "insert into contact (id, created_at, updated_at) values (?, ?, ?)", id, created, created);
    return id;
  }

  private void view(String contactId, int daysAgo) {
    event(contactId, EventTypes.PRODUCT_VIEWED, daysAgo, Map.of("productId", "p-1"));
  }

  private void event(String contactId, String type, int daysAgo) {
    event(contactId, type, daysAgo, Map.of());
  }

  private void event(String contactId, String type, int daysAgo, Map<String, Object> properties) {
    intake.ingest(
        List.of(
            new IncomingEvent(
                UUID.randomUUID().toString(),
                type,
                contactId,
                null,
                null,
                now.minus(Duration.ofDays(daysAgo)).atOffset(ZoneOffset.UTC),
                properties)));
  }

  private List<String> members() {
    return jdbc.queryForList(
        "select contact_id from segment_member where segment = ? order by contact_id",
        String.class,
        key);
  }

  private int announced(String contactId, String type) {
    return jdbc.queryForObject(
        "select count(*) from event where contact_id = ? and type = ?",
        Integer.class,
        contactId,
        type);
  }
}
