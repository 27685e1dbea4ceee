package io.journeys.event;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.IntegrationTestSupport;
import io.journeys.support.Waits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * An event that arrives while its contact is being erased is never stored for the erased contact:
 * the intake locks the contacts it resolved (in id order), as the erasure does first, so the batch
 * waits for the erasure and then refuses the event as naming an unknown contact.
 */
class EventErasureRaceIntegrationTest extends IntegrationTestSupport {

  @Test
  void anEventWaitingForAnErasureIsRefusedAndNotStored() throws Exception {
    String contactId = "c-race-" + UUID.randomUUID();
    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    assertThat(
            rest.exchange(
                    "/api/contacts/" + contactId,
                    org.springframework.http.HttpMethod.PUT,
                    new HttpEntity<>("{\"firstName\": \"Race\", \"locale\": \"en\"}", json),
                    String.class)
                .getStatusCode()
                .is2xxSuccessful())
        .isTrue();

    // an erasure in progress: the contact's row locked and deleted, not committed yet
    try (Connection erasure = postgres.getPostgresDatabase().getConnection()) {
      erasure.setAutoCommit(false);
      try (PreparedStatement lock =
          erasure.prepareStatement("select id from contact where id = ? for update")) {
        lock.setString(1, contactId);
        lock.executeQuery().close();
      }
      try (PreparedStatement delete =
          erasure.prepareStatement("delete from contact where id = ?")) {
        delete.setString(1, contactId);
        assertThat(delete.executeUpdate()).isOne();
      }

      String eventId = "race-" + UUID.randomUUID();
      CompletableFuture<ResponseEntity<String>> posted =
          CompletableFuture.supplyAsync(
              () ->
                  rest.postForEntity(
                      "/api/events",
                      new HttpEntity<>(
                          """
              [{"id": "%s", "type": "product.viewed", "contactId": "%s",
                "occurredAt": "2026-11-23T08:00:00Z", "properties": {}}]"""
                              .formatted(eventId, contactId),
                          json),
                      String.class));
      // a session blocked by this erasure's, not any lock wait of the shared database
      int erasureSession = session(erasure);
      waitFor("the event batch blocked by the erasure of " + contactId)
          .until(
              () ->
                  jdbc.queryForObject(
                          "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                              + " and query like '%from contact where id in%for update%'"
                              + " and ? = any(pg_blocking_pids(pid))",
                          Integer.class, erasureSession)
                      > 0);
      assertThat(posted).as("the batch waits for the erasure").isNotDone();

      erasure.commit();

      ResponseEntity<String> answer = posted.get(Waits.CEILING.toSeconds(), TimeUnit.SECONDS);
      assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(answer.getBody()).contains("unknown contact");
      assertThat(
              jdbc.queryForObject(
                  "select count(*) from event where id = ? or contact_id = ?",
                  Integer.class,
                  eventId,
                  contactId))
          .isZero();
    }
  }

  private static int session(Connection connection) throws java.sql.SQLException {
    try (PreparedStatement pid = connection.prepareStatement("select pg_backend_pid()");
        java.sql.ResultSet rs = pid.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
