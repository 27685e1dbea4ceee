package io.journeys.contact;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erasure (right to be forgotten): removes a contact's personal data from our tables, from its
 * events and messages and from Camunda's history, cancels its running journeys and keeps only
 * hashes of its email and phone, so that it is not created again.
 */
@Service
class ErasureService {

  private static final Logger log = LoggerFactory.getLogger(ErasureService.class);
  static final String CANCEL_REASON = "contact erased";
  private static final int MAX_ATTEMPTS = 5;

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
   * when a journey of the contact changed concurrently (a job of it was running), so an erasure
   * never fails because the contact happens to be mid-journey.
   */
  boolean erase(String contactId) {
    for (int attempt = 1; ; attempt++) {
      try {
        return Boolean.TRUE.equals(tx.execute(status -> eraseOnce(contactId)));
      } catch (OptimisticLockingException e) {
        if (attempt == MAX_ATTEMPTS) {
          throw e;
        }
        log.debug("erasure of {} met a concurrent journey change; attempt {} of {}", contactId,
            attempt + 1, MAX_ATTEMPTS);
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
    int events = jdbc.update("update event set properties = null where contact_id = :id", id);
    jdbc.update(
        "update message set recipient = null, subject = null, body = null, detail = null,"
            + " content = null"
            + " where contact_id = :id",
        id);
    publisher.publishEvent(new ContactErased(contactId));
    jdbc.update("delete from contact_consent where contact_id = :id", id);
    jdbc.update("delete from contact_tag where contact_id = :id", id);
    jdbc.update("delete from contact where id = :id", id);
    log.info("Erased contact {}: {} events blanked, {} journey instances", contactId, events, journeys);
    return true;
  }

  private int eraseProcessData(String contactId) {
    List<String> running =
        runtime.createProcessInstanceQuery().processInstanceBusinessKey(contactId).list().stream()
            .map(ProcessInstance::getId)
            .toList();
    if (!running.isEmpty()) {
      runtime.deleteProcessInstances(running, CANCEL_REASON, true, true, false);
    }
    List<HistoricProcessInstance> instances =
        history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(contactId).list();
    instances.forEach(
        pi -> history.deleteHistoricVariableInstancesByProcessInstanceId(pi.getId()));
    return instances.size();
  }
}
