package io.journeys.governance;

import io.journeys.channel.SendGate;
import io.journeys.channel.SendRequest;
import io.journeys.config.EngineClock;
import io.journeys.contact.Channel;
import io.journeys.contact.ConsentConfirmations;
import io.journeys.contact.ContactView;
import io.journeys.journey.JourneyConstants;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.util.StringUtils;

/**
 * The send rules, in this order: double opt-in (a contact whose email consent awaits confirmation
 * gets only the confirmation email), consent for the channel, suppressed address, quiet hours in
 * the contact's timezone and the step's send window (defer), channel fallback after ignored emails,
 * frequency caps (count and reserve under the contact's lock). The confirmation email answers the
 * contact's own request of a moment ago: it passes the suppression list but not quiet hours or
 * caps. Time is the engine's clock, so process tests move it.
 */
@Service
class SendRules implements SendGate {

  private final SuppressionList suppressions;
  private final SendCounter counter;
  private final IgnoredEmails ignored;
  private final SendRulesProperties properties;
  private final List<FrequencyCap> caps;
  private final QuietHours quietHours;
  private final Supplier<Instant> clock;
  private final BiPredicate<String, Channel> awaitingConfirmation;

  @Autowired
  SendRules(
      SuppressionList suppressions,
      SendCounter counter,
      IgnoredEmails ignored,
      SendRulesProperties properties,
      ConsentConfirmations confirmations) {
    this(
        suppressions,
        counter,
        ignored,
        properties,
        EngineClock::now,
        (contactId, channel) -> confirmations.pendingSince(contactId, channel).isPresent());
  }

  SendRules(
      SuppressionList suppressions,
      SendCounter counter,
      IgnoredEmails ignored,
      SendRulesProperties properties,
      Supplier<Instant> clock) {
    this(suppressions, counter, ignored, properties, clock, (contactId, channel) -> false);
  }

  /**
   * @param awaitingConfirmation whether the contact's consent on a channel awaits confirmation
   */
  SendRules(
      SuppressionList suppressions,
      SendCounter counter,
      IgnoredEmails ignored,
      SendRulesProperties properties,
      Supplier<Instant> clock,
      BiPredicate<String, Channel> awaitingConfirmation) {
    this.suppressions = suppressions;
    this.counter = counter;
    this.ignored = ignored;
    this.properties = properties;
    this.caps = properties.frequencyCaps();
    this.quietHours =
        new QuietHours(properties.quietHours().start(), properties.quietHours().end());
    this.clock = clock;
    this.awaitingConfirmation = awaitingConfirmation;
  }

  @Override
  public Verdict check(String messageId, SendRequest request, ContactView contact) {
    Instant now = clock.get();
    Channel channel = request.channel();
    Optional<Verdict> optIn = doubleOptIn(request, contact);
    if (optIn.isPresent()) {
      return optIn.get();
    }
    Optional<Verdict> unreachable = unreachable(contact, channel);
    if (unreachable.isPresent()) {
      return unreachable.get();
    }
    Optional<Verdict> notNow = notNow(messageId, request, contact, now);
    if (notNow.isPresent()) {
      return notNow.get();
    }
    String reason = null;
    Channel fallback = properties.fallback().channel();
    if (channel == Channel.EMAIL
        && fallback != channel
        && unreachable(contact, fallback).isEmpty()
        && hasAddress(contact, fallback)
        && Boolean.TRUE.equals(consent(contact).get(fallback.wire()))
        && ignored.lastIgnored(contact.id(), properties.fallback().ignoredEmails())) {
      channel = fallback;
      reason =
          "fallback to "
              + fallback
              + " after "
              + properties.fallback().ignoredEmails()
              + " ignored emails";
    }
    Optional<FrequencyCap> full =
        counter.reserve(messageId, contact.id(), channel.wire(), contact.tags(), caps, now);
    if (full.isPresent()) {
      return Verdict.skip("frequency cap " + full.get().describe());
    }
    return Verdict.send(channel, reason);
  }

  /**
   * Double opt-in: while the contact's email consent awaits confirmation only the confirmation
   * email goes out (unless its address is suppressed); the confirmation email goes to nobody else.
   * Empty when the other rules decide.
   */
  private Optional<Verdict> doubleOptIn(SendRequest request, ContactView contact) {
    boolean confirmation = OptIn.TEMPLATE.equals(request.template());
    if (request.channel() != Channel.EMAIL) {
      return confirmation
          ? Optional.of(Verdict.skip("the confirmation goes by email only"))
          : Optional.empty();
    }
    boolean pending = awaitingConfirmation.test(contact.id(), Channel.EMAIL);
    if (!confirmation) {
      return pending
          ? Optional.of(Verdict.suppress("email consent awaiting confirmation"))
          : Optional.empty();
    }
    if (!pending) {
      return Optional.of(Verdict.skip("no email consent awaiting confirmation"));
    }
    return Optional.of(
        suppressed(contact, Channel.EMAIL).orElse(Verdict.send(Channel.EMAIL, null)));
  }

  /** No consent (explicit "no") for the channel, or its address is suppressed. */
  private Optional<Verdict> unreachable(ContactView contact, Channel channel) {
    if (Boolean.FALSE.equals(consent(contact).get(channel.wire()))) {
      return Optional.of(Verdict.suppress("no consent for " + channel));
    }
    return suppressed(contact, channel);
  }

  private Optional<Verdict> suppressed(ContactView contact, Channel channel) {
    return suppressions
        .reason(channel.wire(), address(contact, channel))
        .map(why -> Verdict.suppress(channel + " address suppressed (" + why + ")"));
  }

  /**
   * The step's send window ({@code sendWindow} input, in the contact's timezone) and quiet hours: a
   * deferral to the first moment that is inside the window and not quiet, or a skip when the window
   * lies entirely within quiet hours. The step's minimum spacing ({@code minSpacing} input) from
   * the journey's previous message comes first: the window and quiet hours are looked at from the
   * moment the spacing allows. Empty when the message may go now.
   */
  private Optional<Verdict> notNow(
      String messageId, SendRequest request, ContactView contact, Instant now) {
    Optional<SendWindow> window =
        SendWindow.parse(request.variables().get(JourneyConstants.PARAM_SEND_WINDOW));
    Optional<ZoneId> zone = zone(contact);
    Instant at = now;
    String reason = null;
    Optional<Instant> spaced = spacedUntil(messageId, request, now);
    if (spaced.isPresent()) {
      at = spaced.get();
      reason =
          "minimum spacing "
              + request.variables().get(JourneyConstants.PARAM_MIN_SPACING)
              + " after the previous message";
    }
    for (int step = 0; step < 4; step++) {
      Optional<Instant> opens =
          window.isPresent() && zone.isPresent()
              ? window.get().deferUntil(at, zone.get())
              : Optional.empty();
      Optional<Instant> quietUntil =
          opens.isEmpty() && properties.quietHours().enabled() && zone.isPresent()
              ? quietHours.deferUntil(at, zone.get())
              : Optional.empty();
      if (opens.isEmpty() && quietUntil.isEmpty()) {
        return at.equals(now) ? Optional.empty() : Optional.of(Verdict.defer(at, reason));
      }
      at = opens.orElseGet(quietUntil::get);
      String why = opens.isPresent() ? "send window " + window.get() : "quiet hours";
      reason = reason == null || reason.equals(why) ? why : reason + ", " + why;
    }
    return Optional.of(
        Verdict.skip("send window " + window.orElse(null) + " lies within quiet hours"));
  }

  /**
   * The step's {@code minSpacing} (ISO-8601 duration) counted from when the journey instance's
   * previous message ({@code lastMessageId}) went out; empty when that moment is past, or when
   * there is no spacing or no previous message that went out (skipped and suppressed ones do not
   * count).
   */
  private Optional<Instant> spacedUntil(String messageId, SendRequest request, Instant now) {
    Object spacing = request.variables().get(JourneyConstants.PARAM_MIN_SPACING);
    if (spacing == null || spacing.toString().isBlank()) {
      return Optional.empty();
    }
    Duration minimum;
    try {
      minimum = Duration.parse(spacing.toString().trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "minimum spacing '" + spacing + "' is no ISO-8601 duration (e.g. PT2H)", e);
    }
    if (minimum.isNegative()) {
      throw new IllegalArgumentException("minimum spacing '" + spacing + "' is negative");
    }
    Object previous = request.variables().get(JourneyConstants.VAR_LAST_MESSAGE_ID);
    if (previous == null || previous.toString().equals(messageId)) {
      return Optional.empty();
    }
    return counter
        .reservedAt(previous.toString())
        .map(sent -> sent.plus(minimum))
        .filter(until -> until.isAfter(now));
  }

  /** The contact's timezone, else the default one; empty when neither is known. */
  private Optional<ZoneId> zone(ContactView contact) {
    String fallback = properties.quietHours().defaultTimezone();
    if (StringUtils.hasText(contact.timezone())) {
      try {
        return Optional.of(ZoneId.of(contact.timezone()));
      } catch (DateTimeException e) {
        // an unknown zone id counts as no timezone
      }
    }
    return StringUtils.hasText(fallback) ? Optional.of(ZoneId.of(fallback)) : Optional.empty();
  }

  private static Map<String, Boolean> consent(ContactView contact) {
    return contact.consent() == null ? Map.of() : contact.consent();
  }

  private static boolean hasAddress(ContactView contact, Channel channel) {
    return StringUtils.hasText(address(contact, channel));
  }

  /** The address a channel sends to, when it has one of ours (email, sms). */
  static String address(ContactView contact, Channel channel) {
    return switch (channel) {
      case EMAIL -> contact.email();
      case SMS -> contact.phone();
      case WECOM, PUSH -> null;
    };
  }
}
