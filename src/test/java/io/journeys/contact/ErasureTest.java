package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.journeys.support.SchemaSearch;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Erasure on H2 (the embedded default): the rows other features keep per contact (re-entry,
 * frequency caps, segment stays, correlation retries) go, events and messages move to a pseudonym,
 * and neither the contact id nor the email nor the phone is left in any column of our tables
 * (Camunda's {@code ACT_*} tables aside).
 */
@H2SpringTest
class ErasureTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcTemplate jdbc;

  private final String id = "cust-" + UUID.randomUUID().toString().substring(0, 8);
  private final String email = id + "@example.com";
  private final String messageId = UUID.randomUUID().toString();
  private final String mobile =
      "139" + String.format("%08d", (long) (Math.random() * 100_000_000L));

  @Test
  void theContactIdEmailAndPhoneAreInNoTableOfOursAfterErasure() throws Exception {
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
            {"email": "%s", "phone": "%s", "consent": {"email": true}}"""
                        .formatted(email, mobile)))
        .andExpect(status().isCreated());
    mvc.perform(
            post("/api/events")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
            {"id": "segment:dormant:%s:2026-11-23", "type": "login", "contactId": "%s",
             "occurredAt": "2026-11-23T08:20:00Z", "properties": {"email": "%s"}}"""
                        .formatted(id, id, email)))
        .andExpect(status().isAccepted());
    jdbc.update(
        "insert into message (id, idempotency_key, contact_id, channel, template, status,"
            + " recipient, created_at) values (?, ?, ?, 'email', 'lead-welcome', 'SENT', ?,"
            + " current_timestamp)",
        messageId,
        "pi-" + UUID.randomUUID() + ":Task_Send:0",
        id,
        email);
    jdbc.update(
        "insert into journey_entry (contact_id, process_key, entered_at)"
            + " values (?, 'lead-nurturing', current_timestamp)",
        id);
    jdbc.update("insert into send_lock (contact_id) values (?)", id);
    jdbc.update(
        "insert into send_reservation (message_id, contact_id, channel, reserved_at)"
            + " values (?, ?, 'email', current_timestamp)",
        messageId,
        id);
    jdbc.update(
        "insert into segment_membership (segment, contact_id, entered_at)"
            + " values ('dormant', ?, current_timestamp)",
        id);
    jdbc.update(
        "insert into pending_correlation (event_id, event_type, contact_id, attempts,"
            + " next_attempt_at, expires_at) values (?, 'email.opened', ?, 0,"
            + " timestamp '2999-01-01 00:00:00', timestamp '2999-01-01 00:00:00')",
        "p-" + id,
        id);
    assertThat(columnsHolding(id))
        .containsAll(
            List.of(
                "contact.id",
                "event.id",
                "event.contact_id",
                "message.contact_id",
                "journey_entry.contact_id",
                "send_lock.contact_id",
                "send_reservation.contact_id",
                "segment_membership.contact_id",
                "pending_correlation.contact_id",
                "contact_consent.contact_id"));

    mvc.perform(delete("/api/contacts/" + id)).andExpect(status().isNoContent());

    assertThat(columnsHolding(id)).as("the contact id").isEmpty();
    assertThat(columnsHolding(email)).as("the email").isEmpty();
    assertThat(columnsHolding(mobile)).as("the phone").isEmpty();
    Map<String, Object> message =
        jdbc.queryForMap(
            "select contact_id, status, recipient from message where id = ?", messageId);
    assertThat((String) message.get("contact_id")).startsWith(ErasureService.PSEUDONYM_PREFIX);
    assertThat(message).containsEntry("status", "SENT").containsEntry("recipient", null);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event where contact_id = ?",
                Integer.class,
                message.get("contact_id")))
        .as("the events, under the same pseudonym")
        .isEqualTo(1);
  }

  @Autowired IdentityHashes hashes;
  @Autowired Suppressions suppressions;

  /**
   * Finding 12: a person erased before the keyed hash (a plain SHA-256 row) is still not created
   * again, and the row is re-keyed when found.
   */
  @Test
  void anErasureOfAnOlderVersionStillSuppressesAndIsReKeyed() throws Exception {
    jdbc.update(
        "insert into contact_suppression (identity_hash, kind, created_at)"
            + " values (?, 'email', current_timestamp)",
        Identities.hash(email));
    mvc.perform(
            put("/api/contacts/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
            {"email": "%s"}"""
                        .formatted(email)))
        .andExpect(status().isConflict());
    // the refused request rolled back; a lookup whose transaction commits re-keys the row
    assertThat(suppressions.isSuppressed(email)).isTrue();
    assertThat(
            jdbc.queryForList(
                "select identity_hash from contact_suppression where identity_hash in (?, ?)",
                String.class,
                Identities.hash(email),
                hashes.hash(email)))
        .containsExactly(hashes.hash(email));
  }

  /** {@code TABLE.COLUMN} of every text column of our tables holding {@code value}. */
  private List<String> columnsHolding(String value) {
    return SchemaSearch.columnsHolding(jdbc, value, false);
  }
}
