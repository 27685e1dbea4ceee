package io.journeys.contact;

import io.journeys.config.EngineClock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erasure (right to be forgotten): removes a contact's personal data and keeps only hashes of its
 * email and phone, so that it is not created again. The contact id counts as personal data too
 * (shops use customer numbers). This service erases what the contact feature owns (the contact, its
 * consent, tags and aliases) and publishes {@link ContactErased} in the same transaction, before
 * the contact's row goes: every other feature erases its own rows in its listener (journeys and
 * their Camunda history, events and messages moved to a pseudonym, send-rule and segment rows;
 * docs/modules.md lists them). The event names the ids merged into the contact, so what is still
 * keyed by an old id goes too.
 */
@Service
class ErasureService {

  private static final Logger log = LoggerFactory.getLogger(ErasureService.class);
  private static final int MAX_ATTEMPTS = 5;
  static final String PSEUDONYM_PREFIX = ContactErased.PSEUDONYM_PREFIX;

  /** The contact feature's own tables keyed by contact id, besides {@code contact}. */
  private static final List<String> OWN_PER_CONTACT =
      List.of("contact_consent", "contact_tag", "contact_alias");

  private final ContactRepository contacts;
  private final Suppressions suppressions;
  private final NamedParameterJdbcTemplate jdbc;
  private final ApplicationEventPublisher publisher;
  private final TransactionTemplate tx;

  ErasureService(
      ContactRepository contacts,
      Suppressions suppressions,
      NamedParameterJdbcTemplate jdbc,
      ApplicationEventPublisher publisher,
      PlatformTransactionManager transactions) {
    this.contacts = contacts;
    this.suppressions = suppressions;
    this.jdbc = jdbc;
    this.publisher = publisher;
    this.tx = new TransactionTemplate(transactions);
  }

  /**
   * Answers false when there is no such contact. Runs in its own transaction and tries again when a
   * journey of the contact changed concurrently (a job of it was running) or the database chose it
   * as a deadlock's victim (a concurrent event of the contact holding its re-entry row), so an
   * erasure never fails because the contact happens to be mid-journey.
   */
  boolean erase(String contactId) {
    for (int attempt = 1; ; attempt++) {
      try {
        return Boolean.TRUE.equals(tx.execute(status -> eraseOnce(contactId)));
      } catch (OptimisticLockingException | PessimisticLockingFailureException e) {
        if (attempt == MAX_ATTEMPTS) {
          throw e;
        }
        log.debug(
            "erasure met a concurrent journey change; attempt {} of {}", attempt + 1, MAX_ATTEMPTS);
      }
    }
  }

  private boolean eraseOnce(String contactId) {
    // the contact's row first: a message delivery claims and marks under the same lock, so it
    // either finished writing before this erasure or sees the contact gone afterwards
    if (jdbc.queryForList(
            "select id from contact where id = :id for update",
            Map.of("id", contactId),
            String.class)
        .isEmpty()) {
      return false;
    }
    ContactView contact = contacts.find(contactId).orElse(null);
    if (contact == null) {
      return false;
    }
    Instant now = EngineClock.now();
    if (contact.email() != null) {
      suppressions.suppress(contact.email(), "email", now);
    }
    if (contact.phone() != null) {
      suppressions.suppress(contact.phone(), "phone", now);
    }
    Map<String, String> id = Map.of("id", contactId);
    // ids merged into this contact that no living contact has taken since
    List<String> formerIds =
        jdbc.queryForList(
            "select a.former_id from contact_alias a"
                + " where a.contact_id = :id and not exists (select 1 from contact c"
                + " where c.id = a.former_id)",
            id,
            String.class);
    String pseudonym = PSEUDONYM_PREFIX + UUID.randomUUID();
    publisher.publishEvent(
        new ContactErased(
            contactId,
            formerIds,
            contact.email() == null ? null : contact.email().toLowerCase(Locale.ROOT),
            pseudonym));
    OWN_PER_CONTACT.forEach(
        table -> jdbc.update("delete from " + table + " where contact_id = :id", id));
    jdbc.update("delete from contact where id = :id", id);
    // the log names the pseudonym: a contact id in the log would outlive the erasure
    log.info("Erased a contact, now {} ({} former ids)", pseudonym, formerIds.size());
    return true;
  }
}
