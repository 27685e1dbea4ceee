package io.journeys.governance;

import io.journeys.contact.ConsentConfirmations;
import io.journeys.contact.ConsentConfirmations.Confirmation;
import io.journeys.contact.ConsentRequested;
import io.journeys.contact.ContactDirectory;
import io.journeys.event.EventIntake;
import io.journeys.event.IncomingEvent;
import io.journeys.journey.JourneyConstants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Double opt-in for email, the governance side: a pending email consent becomes the event {@code
 * custom.consent.email.requested} (which starts the {@code email-opt-in} process that sends the
 * confirmation email through the send rules), and a confirmation through the signed link grants the
 * consent and records {@code custom.consent.email.confirmed} (which ends that process). Both events
 * stay in the contact's history as the record of the consent. A link confirms only while the
 * contact still has the address it was sent to; a request made void by an address change ends its
 * confirmation process (its confirmation email, if still queued, is cancelled) and starts a new one
 * for the new address at once.
 */
@Service
class OptIn {

  /** The template of the confirmation email; the only email a pending contact gets. */
  static final String TEMPLATE = "opt-in-confirmation";

  private static final Logger log = LoggerFactory.getLogger(OptIn.class);

  /** Why the confirmation process of a void request ends. */
  static final String ADDRESS_CHANGED = "email address changed while awaiting confirmation";

  private final EventIntake intake;
  private final ConsentConfirmations confirmations;
  private final ContactDirectory contacts;
  private final OptInTokens tokens;
  private final RuntimeService runtime;
  private final ReentryRule entries;

  OptIn(
      EventIntake intake,
      ConsentConfirmations confirmations,
      ContactDirectory contacts,
      OptInTokens tokens,
      RuntimeService runtime,
      ReentryRule entries) {
    this.intake = intake;
    this.confirmations = confirmations;
    this.contacts = contacts;
    this.tokens = tokens;
    this.runtime = runtime;
    this.entries = entries;
  }

  @EventListener
  void requested(ConsentRequested request) {
    if (!ConsentConfirmations.CHANNEL.equals(request.channel())) {
      return;
    }
    if (request.addressChanged()) {
      List<String> running =
          runtime
              .createProcessInstanceQuery()
              .processDefinitionKey(JourneyConstants.PROCESS_EMAIL_OPT_IN)
              .processInstanceBusinessKey(request.contactId())
              .list()
              .stream()
              .map(ProcessInstance::getId)
              .toList();
      if (!running.isEmpty()) {
        runtime.deleteProcessInstances(running, ADDRESS_CHANGED, true, true, false);
      }
      entries.forget(request.contactId(), JourneyConstants.PROCESS_EMAIL_OPT_IN);
      log.info(
          "Double opt-in request renewed: the address changed; {} confirmation process(es)"
              + " ended",
          running.size());
    }
    record(JourneyConstants.MSG_EMAIL_CONSENT_REQUESTED, request.contactId(), request.at());
  }

  /** Whether the link of the claim was sent to the contact's current email address. */
  boolean sentToCurrentAddress(OptInTokens.Claim claim) {
    return contacts
        .find(claim.contactId())
        .map(contact -> tokens.sentTo(claim, contact.email()))
        .orElse(false);
  }

  @Transactional
  Confirmation confirm(OptInTokens.Claim claim, Instant now) {
    Confirmation outcome =
        confirmations.confirm(
            claim.contactId(),
            ConsentConfirmations.CHANNEL,
            email -> tokens.sentTo(claim, email),
            now);
    if (outcome == Confirmation.CONFIRMED) {
      record(JourneyConstants.MSG_EMAIL_CONSENT_CONFIRMED, claim.contactId(), now);
      log.info("Email consent confirmed through a double opt-in link");
    } else if (outcome == Confirmation.ADDRESS_CHANGED) {
      log.info("A double opt-in link sent to an earlier address was refused");
    }
    return outcome;
  }

  private void record(String type, String contactId, Instant at) {
    String identity = type + ":" + contactId + ":" + at.toEpochMilli();
    intake.ingest(
        List.of(
            new IncomingEvent(
                UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString(),
                type,
                contactId,
                null,
                null,
                at.atOffset(ZoneOffset.UTC),
                Map.of("channel", ConsentConfirmations.CHANNEL.wire()))));
  }
}
