package io.journeys.governance;

import io.journeys.channel.SentMessages;
import io.journeys.channel.SentMessages.Sent;
import io.journeys.config.EngineClock;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactDirectory;
import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import io.journeys.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What a verified provider callback does: records {@code message.delivered}, {@code
 * message.bounced} or {@code message.complained}; a hard bounce or a complaint suppresses the
 * address the message went to; an SMS reply "TD", "退订" or "STOP" withdraws SMS consent and records
 * {@code message.unsubscribed}.
 */
@Service
class ProviderCallbacks {

  static final Set<String> STOP_WORDS = Set.of("td", "退订", "stop", "unsubscribe");
  private static final Logger log = LoggerFactory.getLogger(ProviderCallbacks.class);

  private final SentMessages messages;
  private final EventIntake intake;
  private final ContactDirectory contacts;
  private final SuppressionList suppressions;
  private final Clock clock;

  ProviderCallbacks(
      SentMessages messages,
      EventIntake intake,
      ContactDirectory contacts,
      SuppressionList suppressions) {
    this.messages = messages;
    this.intake = intake;
    this.contacts = contacts;
    this.suppressions = suppressions;
    this.clock = EngineClock.UTC;
  }

  /** A reply that means "unsubscribe me": TD, 退订, STOP (trimmed, any case). */
  static boolean isStop(String text) {
    return text != null && STOP_WORDS.contains(text.strip().toLowerCase(Locale.ROOT));
  }

  /** Handles one callback; unknown types and messages are a 400. */
  String handle(String provider, HookPayload payload) {
    if (payload == null || payload.type() == null || payload.messageId() == null) {
      throw ApiException.badRequest("invalid callback", List.of("type and messageId are required"));
    }
    Sent sent =
        messages
            .find(payload.messageId())
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "unknown message",
                        List.of("messageId " + payload.messageId() + " was not sent by Journeys")));
    Instant now = clock.instant();
    switch (payload.type()) {
      case "delivered" -> record(provider, payload, sent, EventTypes.MESSAGE_DELIVERED, Map.of());
      case "bounced" -> {
        boolean hard = Boolean.TRUE.equals(payload.hard());
        record(provider, payload, sent, EventTypes.MESSAGE_BOUNCED, Map.of("hard", hard));
        if (hard) {
          suppressions.suppress(sent.channel().wire(), sent.recipient(), "hard-bounce", now);
        }
      }
      case "complained" -> {
        record(provider, payload, sent, EventTypes.MESSAGE_COMPLAINED, Map.of());
        suppressions.suppress(sent.channel().wire(), sent.recipient(), "complaint", now);
      }
      case "replied" -> {
        if (!isStop(payload.text())) {
          return "ignored";
        }
        contacts.setConsent(sent.contactId(), Channel.SMS, false, "sms-reply:" + provider);
        record(provider, payload, sent, EventTypes.MESSAGE_UNSUBSCRIBED, Map.of());
      }
      default ->
          throw ApiException.badRequest(
              "invalid callback",
              List.of("type must be one of" + " delivered, bounced, complained, replied"));
    }
    log.info(
        "Callback {} from {} for message {} recorded", payload.type(), provider, sent.messageId());
    return "recorded";
  }

  private void record(
      String provider, HookPayload payload, Sent sent, String type, Map<String, Object> extra) {
    Map<String, Object> properties = new HashMap<>(extra);
    properties.put("messageId", sent.messageId());
    properties.put(
        "channel", ("replied".equals(payload.type()) ? Channel.SMS : sent.channel()).wire());
    properties.put("provider", provider);
    String identity =
        payload.id() == null
            ? type + ":" + sent.messageId()
            : "hook:" + provider + ":" + payload.id();
    String id = UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    intake.ingest(
        List.of(
            new IncomingEvent(
                id,
                type,
                sent.contactId(),
                null,
                null,
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC),
                properties)));
  }
}
