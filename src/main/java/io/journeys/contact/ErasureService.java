package io.journeys.contact;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erasure (right to be forgotten): removes a contact's personal data from our tables, from its
 * events and messages and from Camunda's history, cancels its running journeys and keeps only
 * hashes of its email and phone, so that it is not created again. The contact id counts as
 * personal data too (shops use customer numbers): the rows other features keep per contact
 * ({@link #PER_CONTACT}) are deleted, and the events and messages, kept for counting, are moved to
 * a random pseudonym ({@value #PSEUDONYM_PREFIX}&lt;uuid&gt;) that nothing links to the person.
 */
@Service
class ErasureService {

  private static final Logger log = LoggerFactory.getLogger(ErasureService.class);
  static final String CANCEL_REASON = "contact erased";
  private static final int MAX_ATTEMPTS = 5;
  static final String PSEUDONYM_PREFIX = "erased:";
  /**
   * Tables keyed by contact id that only serve the living contact, deleted by the erasure:
   * re-entry (V50), frequency caps' lock row and reservations (V50: caps count per contact, so
   * nobody counts an erased contact's places; the messages keep the send statistics), events
   * waiting for a correlation retry (V30), segment stays (V31), consent, tags.
   */
  static final List<String> PER_CONTACT = List.of("journey_entry", "send_lock",
      "send_reservation", "pending_correlation", "segment_membership", "contact_consent",
      "contact_tag");

  private final ContactRepository contacts;
  private final Suppressions suppressions;
  private final NamedParameterJdbcTemplate jdbc;
  private final RuntimeService runtime;
  private final HistoryService history;
  private final ApplicationEventPublisher publisher;
  private final TransactionTemplate tx;

  ErasureService(
      ContactRepository contacts,
      Suppressions suppressions,
      NamedParameterJdbcTemplate jdbc,
      RuntimeService runtime,
      HistoryService history,
      ApplicationEventPublisher publisher,
      PlatformTransactionManager transactions) {
    this.contacts = contacts;
    this.suppressions = suppressions;
    this.jdbc = jdbc;
    this.runtime = runtime;
    this.history = history;
    this.publisher = publisher;
    this.tx = new TransactionTemplate(transactions);
  }

  /**
   * Answers false when there is no such contact. Runs in its own transaction and tries again
   * when a journey of the contact changed concurrently (a job of it was running) or the database
   * chose it as a deadlock's victim (a concurrent event of the contact holding its re-entry row),
   * so an erasure never fails because the contact happens to be mid-journey.
   */
  boolean erase(String contactId) {
    for (int attempt = 1; ; attempt++) {
      try {
        return Boolean.TRUE.equals(tx.execute(status -> eraseOnce(contactId)));
      } catch (OptimisticLockingException | PessimisticLockingFailureException e) {
        if (attempt == MAX_ATTEMPTS) {
          throw e;
        }
        log.debug("erasure met a concurrent journey change; attempt {} of {}", attempt + 1,
            MAX_ATTEMPTS);
      }
    }
  }

  private boolean eraseOnce(String contactId) {
    // the contact's row first: a message delivery claims and marks under the same lock, so it
    // either finished writing before this erasure or sees the contact gone afterwards
    if (jdbc.queryForList("select id from contact where id = :id for update",
        Map.of("id", contactId), String.class).isEmpty()) {
      return false;
    }
    ContactView contact = contacts.find(contactId).orElse(null);
    if (contact == null) {
      return false;
    }
    Instant now = Instant.now();
    if (contact.email() != null) {
      suppressions.suppress(contact.email(), "email", now);
    }
    if (contact.phone() != null) {
      suppressions.suppress(contact.phone(), "phone", now);
    }
    int journeys = eraseProcessData(contactId);
    Map<String, String> id = Map.of("id", contactId);
    publisher.publishEvent(new ContactErased(contactId));
    PER_CONTACT.forEach(table ->
        jdbc.update("delete from " + table + " where contact_id = :id", id));
    String pseudonym = PSEUDONYM_PREFIX + UUID.randomUUID();
    int events = pseudonymise(contact, pseudonym);
    jdbc.update("delete from contact where id = :id", id);
    // the log names the pseudonym: a contact id in the log would outlive the erasure
    log.info("Erased a contact, now {}: {} events blanked, {} journey instances", pseudonym,
        events, journeys);
    return true;
  }

  /**
   * Blanks the contact's events and messages and moves them to the pseudonym; event ids (chosen by
   * the sender, e.g. {@code segment:dormant:<contactId>:<date>}) that name the contact id or the
   * email become {@value #PSEUDONYM_PREFIX}&lt;keyed HMAC-SHA256 of the id&gt; (finding 12).
   */
  private int pseudonymise(ContactView contact, String pseudonym) {
    Map<String, String> ids = Map.of("id", contact.id(), "pseudonym", pseudonym,
        "byId", "%" + contact.id() + "%",
        "byEmail", contact.email() == null ? "" : "%" + contact.email().toLowerCase(Locale.ROOT) + "%");
    jdbc.queryForList("select id from event where contact_id = :id"
            + " and (id like :byId or lower(id) like :byEmail)", ids, String.class)
        .forEach(eventId -> jdbc.update("update event set id = :hashed where id = :old",
            Map.of("old", eventId, "hashed", PSEUDONYM_PREFIX + suppressions.keyedHash(eventId))));
    jdbc.update("update message set recipient = null, subject = null, body = null, detail = null,"
        + " content = null, contact_id = :pseudonym where contact_id = :id", ids);
    return jdbc.update("update event set properties = null, contact_id = :pseudonym"
        + " where contact_id = :id", ids);
  }

  private int eraseProcessData(String contactId) {
    List<String> running =
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(contactId).list().stream()
            .map(ProcessInstance::getId)
            .toList();
    if (!running.isEmpty()) {
      runtime.deleteProcessInstances(running, CANCEL_REASON, true, true, false);
    }
    List<String> instances =
        history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(contactId).list()
            .stream().map(HistoricProcessInstance::getId).toList();
    if (!instances.isEmpty()) {
      // the whole history of the contact's journeys: its business key is the contact id, and its
      // variables, tasks, activity instances and job logs may hold personal data
      history.deleteHistoricProcessInstancesIfExists(instances);
    }
    return instances.size();
  }
}
