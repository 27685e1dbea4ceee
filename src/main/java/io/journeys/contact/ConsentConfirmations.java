package io.journeys.contact;

import io.journeys.contact.ContactRepository.Consent;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Double opt-in for email ({@code journeys.send-rules.double-opt-in}, default off): email consent
 * given while it is on is recorded as not granted and pending ({@code pending_since}), and a
 * {@link ConsentRequested} is published (again for a grant while a request older than a day is
 * pending); the contact's confirmation turns it into granted with
 * source {@value #CONFIRMED_SOURCE}. Withdrawing consent ends a pending request. Consent granted
 * before (or confirmed) stays granted.
 */
@Service
public class ConsentConfirmations {

  public static final String CHANNEL = "email";
  public static final String CONFIRMED_SOURCE = "double-opt-in";
  /**
   * A grant while a request is pending asks again (a new confirmation email, once the previous
   * confirmation process has ended) only when the pending request is older than this, so that
   * repeated updates of a profile do not pile up requests.
   */
  static final Duration ASK_AGAIN_AFTER = Duration.ofDays(1);

  private final ContactRepository contacts;
  private final NamedParameterJdbcTemplate jdbc;
  private final ApplicationEventPublisher publisher;
  private final boolean doubleOptIn;

  ConsentConfirmations(ContactRepository contacts, NamedParameterJdbcTemplate jdbc,
      ApplicationEventPublisher publisher,
      @Value("${journeys.send-rules.double-opt-in:false}") boolean doubleOptIn) {
    this.contacts = contacts;
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
    if (!granted || !doubleOptIn || !CHANNEL.equals(channel)) {
      contacts.putConsent(contactId, channel, new Consent(granted, source, now));
      return;
    }
    Consent current = contacts.consent(contactId).get(channel);
    Optional<Instant> pending = pendingSince(contactId, channel);
    if ((current != null && current.granted())
        || pending.filter(since -> since.isAfter(now.minus(ASK_AGAIN_AFTER))).isPresent()) {
      return;
    }
    contacts.putConsent(contactId, channel, new Consent(false, source, now));
    jdbc.update("update contact_consent set pending_since = :now"
        + " where contact_id = :id and channel = :channel", params(contactId, channel, now));
    publisher.publishEvent(new ConsentRequested(contactId, channel, now));
  }

  /** Since when the contact's consent on the channel awaits confirmation, if it does. */
  @Transactional(readOnly = true)
  public Optional<Instant> pendingSince(String contactId, String channel) {
    return jdbc.queryForList("select pending_since from contact_consent where contact_id = :id"
                + " and channel = :channel and pending_since is not null",
            Map.of("id", contactId, "channel", channel), OffsetDateTime.class)
        .stream().findFirst().map(OffsetDateTime::toInstant);
  }

  /**
   * Confirms a pending consent: granted, source {@value #CONFIRMED_SOURCE}, at {@code now}.
   *
   * @return whether there was a pending consent to confirm (false: confirmed before, withdrawn,
   *     or never requested)
   */
  @Transactional
  public boolean confirm(String contactId, String channel, Instant now) {
    return jdbc.update("update contact_consent set granted = true, source = :source,"
        + " updated_at = :now, pending_since = null where contact_id = :id"
        + " and channel = :channel and pending_since is not null",
        params(contactId, channel, now).addValue("source", CONFIRMED_SOURCE)) == 1;
  }

  private static MapSqlParameterSource params(String contactId, String channel, Instant now) {
    return new MapSqlParameterSource().addValue("id", contactId).addValue("channel", channel)
        .addValue("now", ContactRepository.utc(now));
  }
}
