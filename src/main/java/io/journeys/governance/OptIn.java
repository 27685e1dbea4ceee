package io.journeys.governance;

import io.journeys.contact.ConsentConfirmations;
import io.journeys.contact.ConsentRequested;
import io.journeys.event.EventIntake;
import io.journeys.event.IncomingEvent;
import io.journeys.journey.JourneyConstants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Double opt-in for email, the governance side: a pending email consent becomes the event
 * {@code custom.consent.email.requested} (which starts the {@code email-opt-in} process that sends
 * the confirmation email through the send rules), and a confirmation through the signed link
 * grants the consent and records {@code custom.consent.email.confirmed} (which ends that process).
 * Both events stay in the contact's history as the record of the consent.
 */
@Service
class OptIn {

  /** The template of the confirmation email; the only email a pending contact gets. */
  static final String TEMPLATE = "opt-in-confirmation";
  private static final Logger log = LoggerFactory.getLogger(OptIn.class);

  /** What a confirmation did. */
  enum Outcome { CONFIRMED, NOTHING_PENDING }

  private final EventIntake intake;
  private final ConsentConfirmations confirmations;

  OptIn(EventIntake intake, ConsentConfirmations confirmations) {
    this.intake = intake;
    this.confirmations = confirmations;
  }

  @EventListener
  void requested(ConsentRequested request) {
    if (!ConsentConfirmations.CHANNEL.equals(request.channel())) {
      return;
    }
    record(JourneyConstants.MSG_EMAIL_CONSENT_REQUESTED, request.contactId(), request.at());
  }

  @Transactional
  Outcome confirm(String contactId, Instant now) {
    if (!confirmations.confirm(contactId, ConsentConfirmations.CHANNEL, now)) {
      return Outcome.NOTHING_PENDING;
    }
    record(JourneyConstants.MSG_EMAIL_CONSENT_CONFIRMED, contactId, now);
    log.info("Email consent confirmed through a double opt-in link");
    return Outcome.CONFIRMED;
  }

  private void record(String type, String contactId, Instant at) {
    String identity = type + ":" + contactId + ":" + at.toEpochMilli();
    intake.ingest(List.of(new IncomingEvent(
        UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString(), type,
        contactId, null, null, at.atOffset(ZoneOffset.UTC),
        Map.of("channel", ConsentConfirmations.CHANNEL))));
  }
}
