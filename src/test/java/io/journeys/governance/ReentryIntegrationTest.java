package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import io.journeys.journey.JourneyConstants;
import io.journeys.support.IntegrationTestSupport;
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
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * The re-entry rule wired into the journey starts, on PostgreSQL: many events that would start
 * the same journey for one contact, stored concurrently (each in its own transaction and
 * connection, as on several nodes), start it once; a start within the window after the journey
 * ended is refused without losing the event.
 */
class ReentryIntegrationTest extends IntegrationTestSupport {

  @Autowired EventIntake intake;
  @Autowired RuntimeService runtime;

  @Test
  void concurrentStartsForOneContactStartOneInstance() throws Exception {
    String contactId = contact();
    int starts = 8;
    CountDownLatch ready = new CountDownLatch(starts);
    ExecutorService pool = Executors.newFixedThreadPool(starts);
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < starts; i++) {
      calls.add(() -> {
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
    assertThat(jdbc.queryForObject("select count(*) from event where contact_id = ? and type = ?",
        Integer.class, contactId, EventTypes.FORM_SUBMITTED)).isEqualTo(starts);
    assertThat(jdbc.queryForObject("select count(*) from journey_entry where contact_id = ?",
        Integer.class, contactId)).isOne();
  }

  @Test
  void aContactEntersAgainOnlyAfterTheWindowAndARefusedStartKeepsItsEvent() {
    String contactId = contact();
    intake.ingest(List.of(formSubmitted(contactId)));
    assertThat(instances(contactId)).isOne();
    runtime.deleteProcessInstance(runtime.createProcessInstanceQuery()
        .processInstanceBusinessKey(contactId).singleResult().getId(), "journey ended");

    IncomingEvent again = formSubmitted(contactId);
    assertThat(intake.ingest(List.of(again))).isOne();
    assertThat(instances(contactId)).as("within 24 h of the first entry").isZero();
    assertThat(jdbc.queryForObject("select count(*) from event where id = ?", Integer.class,
        again.id())).isOne();

    jdbc.update("update journey_entry set entered_at = entered_at - interval '25 hours'"
        + " where contact_id = ?", contactId);
    intake.ingest(List.of(formSubmitted(contactId)));
    assertThat(instances(contactId)).as("after the window").isOne();
  }

  private long instances(String contactId) {
    return runtime.createProcessInstanceQuery()
        .processDefinitionKey(JourneyConstants.PROCESS_LEAD_NURTURING)
        .processInstanceBusinessKey(contactId).count();
  }

  private String contact() {
    String contactId = "c-reentry-" + UUID.randomUUID();
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    assertThat(rest.exchange("/api/contacts/" + contactId, HttpMethod.PUT,
        new HttpEntity<>("{\"locale\":\"en\"}", headers), String.class)
        .getStatusCode().is2xxSuccessful()).isTrue();
    return contactId;
  }

  private static IncomingEvent formSubmitted(String contactId) {
    return new IncomingEvent(UUID.randomUUID().toString(), EventTypes.FORM_SUBMITTED, contactId,
        null, null, OffsetDateTime.now(), Map.of("formId", "whitepaper"));
  }
}
