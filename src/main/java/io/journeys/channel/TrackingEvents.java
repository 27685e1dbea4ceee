package io.journeys.channel;

import io.journeys.config.EngineClock;
import io.journeys.contact.Channel;
import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import io.journeys.journey.MessageLookup;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Records what recipients do with a message as events. Ids are derived from the message (and link),
 * so the first open of a message and the first click of each link are recorded and repeats are
 * duplicates of them.
 */
@Component
class TrackingEvents {

  private final EventIntake intake;
  private final Clock clock;

  @Autowired
  TrackingEvents(EventIntake intake) {
    this(intake, EngineClock.UTC);
  }

  TrackingEvents(EventIntake intake, Clock clock) {
    this.intake = intake;
    this.clock = clock;
  }

  void opened(MessageLookup.SentMessage message) {
    record(
        EventTypes.EMAIL_OPENED,
        message.contactId(),
        "email.opened:" + message.messageId(),
        Map.of("messageId", message.messageId()));
  }

  void clicked(MessageLookup.SentMessage message, String url) {
    record(
        EventTypes.EMAIL_CLICKED,
        message.contactId(),
        "email.clicked:" + message.messageId() + ":" + url,
        Map.of("messageId", message.messageId(), "url", url));
  }

  void unsubscribed(MessageLookup.SentMessage message, Channel channel) {
    record(
        EventTypes.MESSAGE_UNSUBSCRIBED,
        message.contactId(),
        "message.unsubscribed:"
            + message.messageId()
            + (channel == Channel.EMAIL ? "" : ":" + channel.wire()),
        Map.of("messageId", message.messageId(), "channel", channel.wire()));
  }

  private void record(String type, String contactId, String identity, Map<String, Object> props) {
    String id = UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    intake.ingest(
        List.of(
            new IncomingEvent(id, type, contactId, null, null, OffsetDateTime.now(clock), props)));
  }
}
