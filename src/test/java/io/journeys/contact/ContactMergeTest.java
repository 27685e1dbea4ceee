package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.support.SchemaSearch;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * A merge (issue 11, finding 8): the merged record's running journeys end, its rows of every
 * feature move to the survivor (re-entry records, send reservations, pending correlations, segment
 * stays, events), and erasing the survivor afterwards leaves the merged id nowhere, Camunda's
 * history (business key = the old id) included.
 */
@H2SpringTest
class ContactMergeTest {

  private static final String WAITING = "merge-test-waiting";
  private static final String FINISHED = "merge-test-finished";

  @Autowired MockMvc mvc;
  @Autowired JdbcTemplate jdbc;
  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired HistoryService history;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String shop = "shop-" + run;
  private final String web = "web-" + run;
  private final String mobile =
      "135" + String.format("%08d", (long) (Math.random() * 100_000_000L));

  @Test
  void aMergeMovesOrEndsEverythingOfTheMergedRecordAndErasureFindsTheRest() throws Exception {
    putContact(shop, "{\"phone\": \"" + mobile + "\", \"consent\": {\"sms\": true}}");
    putContact(web, "{\"email\": \"" + web + "@example.com\"}");
    deploy();
    ProcessInstance running =
        runtime.startProcessInstanceByKey(WAITING, shop, Map.of("contactId", shop));
    runtime.startProcessInstanceByKey(FINISHED, shop, Map.of("contactId", shop));
    Instant earlier = Instant.parse("2026-11-01T00:00:00Z");
    Instant later = Instant.parse("2026-11-20T00:00:00Z");
    entry(web, "lead-nurturing", earlier);
    entry(shop, "lead-nurturing", later);
    entry(shop, "cart-abandonment", earlier);
    jdbc.update("insert into send_lock (contact_id) values (?)", shop);
    jdbc.update(
        "insert into send_reservation (message_id, contact_id, channel, reserved_at)"
            + " values (?, ?, 'sms', current_timestamp)",
        "m-" + run,
        shop);
    jdbc.update(
        "insert into segment_membership (segment, contact_id, entered_at)"
            + " values ('dormant', ?, current_timestamp)",
        shop);
    jdbc.update(
        "insert into pending_correlation (event_id, event_type, contact_id,"
            + " process_instance_id, attempts, next_attempt_at, expires_at) values (?, 'email.opened',"
            + " ?, ?, 0, timestamp '2999-01-01 00:00:00', timestamp '2999-01-01 00:00:00')",
        "p1-" + run,
        shop,
        running.getId());
    jdbc.update(
        "insert into pending_correlation (event_id, event_type, contact_id, attempts,"
            + " next_attempt_at, expires_at) values (?, 'order.placed', ?, 0,"
            + " timestamp '2999-01-01 00:00:00', timestamp '2999-01-01 00:00:00')",
        "p2-" + run,
        shop);
    events(
        """
        {"id": "segment:dormant:%s:2026-11-23", "type": "login", "contactId": "%s",
         "occurredAt": "2026-11-23T08:00:00Z"}"""
            .formatted(shop, shop));

    // an event naming the web record by id and the shop record by phone merges shop into web
    events(
        """
        {"id": "merge-login-%s", "type": "login", "contactId": "%s", "phone": "+86 %s",
         "occurredAt": "2026-11-23T09:00:00Z"}"""
            .formatted(run, web, mobile));

    assertThat(count("select count(*) from contact where id = ?", shop)).isZero();
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(shop).count())
        .as("the merged record's running journeys end")
        .isZero();
    assertThat(
            history
                .createHistoricProcessInstanceQuery()
                .processInstanceId(running.getId())
                .singleResult()
                .getDeleteReason())
        .isEqualTo("contact merged");
    assertThat(SchemaSearch.columnsHolding(jdbc, shop, false))
        .as(
            "no row of ours is left under the merged id; its alias and an event id the sender"
                + " chose name it")
        .containsExactlyInAnyOrder("contact_alias.former_id", "event.id");
    assertThat(
            jdbc.query(
                "select process_key, entered_at from journey_entry"
                    + " where contact_id = ? order by process_key",
                (rs, i) ->
                    tuple(
                        rs.getString("process_key"),
                        rs.getObject("entered_at", OffsetDateTime.class).toInstant()),
                web))
        .as("of two entries into one journey, the later holds the re-entry window")
        .containsExactly(tuple("cart-abandonment", earlier), tuple("lead-nurturing", later));
    assertThat(count("select count(*) from send_reservation where contact_id = ?", web))
        .isEqualTo(1);
    assertThat(count("select count(*) from segment_membership where contact_id = ?", web))
        .isEqualTo(1);
    assertThat(
            jdbc.queryForList(
                "select event_id from pending_correlation where contact_id = ?", String.class, web))
        .as("a retry aimed at an ended journey goes")
        .containsExactly("p2-" + run);
    assertThat(count("select count(*) from event where contact_id = ?", web)).isEqualTo(2);

    mvc.perform(delete("/api/contacts/" + web)).andExpect(status().isNoContent());

    assertThat(SchemaSearch.columnsHolding(jdbc, shop, true))
        .as("the merged id after the survivor's erasure, Camunda's tables included")
        .isEmpty();
    assertThat(SchemaSearch.columnsHolding(jdbc, web, true))
        .as("the survivor's id after its erasure")
        .isEmpty();
    assertThat(
            history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(shop).count())
        .isZero();
  }

  private void deploy() {
    repository
        .createDeployment()
        .addModelInstance(
            WAITING + ".bpmn",
            Bpmn.createExecutableProcess(WAITING)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask("Task_Wait")
                .endEvent()
                .done())
        .addModelInstance(
            FINISHED + ".bpmn",
            Bpmn.createExecutableProcess(FINISHED)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .endEvent()
                .done())
        .enableDuplicateFiltering(true)
        .deploy();
  }

  private void entry(String contactId, String processKey, Instant at) {
    jdbc.update(
        "insert into journey_entry (contact_id, process_key, entered_at) values (?, ?, ?)",
        contactId,
        processKey,
        Timestamp.from(at));
  }

  private int count(String sql, String arg) {
    return jdbc.queryForObject(sql, Integer.class, arg);
  }

  private void putContact(String id, String body) throws Exception {
    mvc.perform(put("/api/contacts/" + id).contentType(MediaType.APPLICATION_JSON).content(body))
        .andExpect(status().isCreated());
  }

  private ResultActions events(String body) throws Exception {
    return mvc.perform(post("/api/events").contentType(MediaType.APPLICATION_JSON).content(body))
        .andExpect(status().isAccepted());
  }
}
