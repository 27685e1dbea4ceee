package io.journeys.contact;

import io.journeys.contact.ConsentRows.Consent;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Double opt-in for email ({@code journeys.send-rules.double-opt-in}, default off): email consent
 * given while it is on is recorded as not granted and pending ({@code pending_since}), and a {@link
 * ConsentRequested} is published (again for a grant while a request older than a day is pending);
 * the contact's confirmation turns it into granted with source {@value #CONFIRMED_SOURCE}, but only
 * through a link sent to the contact's current address. Withdrawing consent ends a pending request;
 * a new address while a request is pending starts a fresh request for it ({@link #addressChanged}).
 * Consent granted before (or confirmed) stays granted.
 */
@Service
public class ConsentConfirmations {

  /** The channel double opt-in asks confirmation for. */
  public static final Channel CHANNEL = Channel.EMAIL;

  public static final String CONFIRMED_SOURCE = "double-opt-in";

  /** What a confirmation did. */
  public enum Confirmation {
    CONFIRMED,
    /** Confirmed before, withdrawn, never requested, or the contact is gone. */
    NOTHING_PENDING,
    /** The link went to an address that is not the contact's address any more. */
    ADDRESS_CHANGED
  }

  /**
   * A grant while a request is pending asks again (a new confirmation email, once the previous
   * confirmation process has ended) only when the pending request is older than this, so that
   * repeated updates of a profile do not pile up requests.
   */
  static final Duration ASK_AGAIN_AFTER = Duration.ofDays(1);

  private final ContactRepository contacts;
  private final ConsentRows consent;
  private final NamedParameterJdbcTemplate jdbc;
  private final ApplicationEventPublisher publisher;
  private final boolean doubleOptIn;

  ConsentConfirmations(
      ContactRepository contacts,
      ConsentRows consent,
      NamedParameterJdbcTemplate jdbc,
      ApplicationEventPublisher publisher,
      @Value("${journeys.send-rules.double-opt-in:false}") boolean doubleOptIn) {
    this.contacts = contacts;
    this.consent = consent;
    this.jdbc = jdbc;
    this.publisher = publisher;
    this.doubleOptIn = doubleOptIn;
  }

  /**
   * Records consent given or withdrawn through the API: granted email consent while double opt-in
   * is on becomes pending (unless it is granted or pending already); anything else is stored as
   * given.
   */
  void put(String contactId, String channel, boolean granted, String source, Instant now) {
    if (!granted || !doubleOptIn || !CHANNEL.is(channel)) {
      consent.put(contactId, channel, new Consent(granted, source, now));
      return;
    }
    Consent current = consent.of(contactId).get(channel);
    Optional<Instant> pending = pendingSince(contactId, CHANNEL);
    if ((current != null && current.granted())
        || pending.filter(since -> since.isAfter(now.minus(ASK_AGAIN_AFTER))).isPresent()) {
      return;
    }
    consent.put(contactId, channel, new Consent(false, source, now));
    jdbc.update(
        "update contact_consent set pending_since = :now"
            + " where contact_id = :id and channel = :channel",
        params(contactId, channel, now));
    publisher.publishEvent(new ConsentRequested(contactId, CHANNEL, now));
  }

  /** Since when the contact's consent on the channel awaits confirmation, if it does. */
  @Transactional(readOnly = true)
  public Optional<Instant> pendingSince(String contactId, Channel channel) {
    return jdbc
        .queryForList(
            "select pending_since from contact_consent where contact_id = :id"
                + " and channel = :channel and pending_since is not null",
            Map.of("id", contactId, "channel", channel.wire()),
            OffsetDateTime.class)
        .stream()
        .findFirst()
        .map(OffsetDateTime::toInstant);
  }

  /**
   * Confirms a pending consent (granted, source {@value #CONFIRMED_SOURCE}, at {@code now}) when
   * the link was sent to the contact's current email address. The contact's row is locked first (as
   * an erasure and a patch do), so an address change commits before this reads the address or waits
   * until the confirmation has committed.
   *
   * @param sentTo whether the link was sent to the given address (the contact's current one)
   */
  @Transactional
  public Confirmation confirm(
      String contactId, Channel channel, Predicate<String> sentTo, Instant now) {
    if (!contacts.lock(contactId)) {
      return Confirmation.NOTHING_PENDING;
    }
    String email = contacts.find(contactId).map(ContactView::email).orElse(null);
    if (email == null || !sentTo.test(email)) {
      return Confirmation.ADDRESS_CHANGED;
    }
    return jdbc.update(
                "update contact_consent set granted = true, source = :source,"
                    + " updated_at = :now, pending_since = null where contact_id = :id"
                    + " and channel = :channel and pending_since is not null",
                params(contactId, channel.wire(), now).addValue("source", CONFIRMED_SOURCE))
            == 1
        ? Confirmation.CONFIRMED
        : Confirmation.NOTHING_PENDING;
  }

  /**
   * The contact's email address changed (to {@code email}, null when it was cleared): a pending
   * email consent request is for the old address, so it is void. With a new address a fresh request
   * starts ({@link ConsentRequested} with {@code addressChanged}: the old confirmation process ends
   * and a new one sends a link bound to the new address); without one the request just ends.
   * Applies whether double opt-in is on or not: the pending request was made while it was.
   */
  void addressChanged(String contactId, String email, Instant now) {
    if (pendingSince(contactId, CHANNEL).isEmpty()) {
      return;
    }
    jdbc.update(
        "update contact_consent set pending_since = "
            + (email == null ? "null" : ":now")
            + ", updated_at = :now where contact_id = :id and channel = :channel",
        params(contactId, CHANNEL.wire(), now));
    if (email != null) {
      publisher.publishEvent(new ConsentRequested(contactId, CHANNEL, now, true));
    }
  }

  private static MapSqlParameterSource params(String contactId, String channel, Instant now) {
    return new MapSqlParameterSource()
        .addValue("id", contactId)
        .addValue("channel", channel)
        .addValue("now", ContactRepository.utc(now));
  }
}
