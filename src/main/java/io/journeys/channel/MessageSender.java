package io.journeys.channel;

import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Sends one message exactly once per idempotency key: records it before the provider call,
 * skips it when it is already SENT (or SANDBOX), marks it SENT after the provider accepted it,
 * FAILED with a short reason (and an exception to the caller) when anything goes wrong. Before
 * every attempt the {@link SendGate} (the send rules: consent, suppression, caps, quiet hours,
 * fallback) gives its verdict, recorded on the row: SUPPRESSED or SKIPPED (the journey goes on),
 * DEFERRED (a {@link SendDeferredException}; the same key is sent later) or sent.
 */
@Service
public class MessageSender {

  private static final Logger log = LoggerFactory.getLogger(MessageSender.class);

  private final MessageStore store;
  private final MessageTemplates templates;
  private final ContactDirectory contacts;
  private final TrackingLinks links;
  private final Map<String, ChannelAdapter> adapters;
  private final String shopUrl;
  private final SendGate gate;

  MessageSender(MessageStore store, MessageTemplates templates, ContactDirectory contacts,
      TrackingLinks links, List<ChannelAdapter> adapters, ChannelProperties properties,
      SendGate gate) {
    this.store = store;
    this.templates = templates;
    this.contacts = contacts;
    this.links = links;
    this.adapters = adapters.stream()
        .collect(Collectors.toUnmodifiableMap(ChannelAdapter::channel, Function.identity()));
    this.shopUrl = properties.shopUrl();
    this.gate = gate;
  }

  /**
   * Sends the message unless its key was sent before.
   *
   * @return the message id (the same for every call with the same key)
   * @throws MessageSendException when it could not be sent; the message row is then FAILED
   * @throws SendDeferredException when the send rules deferred it (quiet hours)
   */
  public String send(SendRequest request) {
    return dispatch(request).messageId();
  }

  /** What became of one send: the message id and the send rules' verdict. */
  public record Result(String messageId, String verdict) {}

  /**
   * Like {@link #send}, and tells the verdict ({@code SENT}, {@code SKIPPED: …},
   * {@code SUPPRESSED: …}); a deferral throws {@link SendDeferredException}.
   */
  public Result dispatch(SendRequest request) {
    if (request.contactId() == null || request.template() == null) {
      throw new MessageSendException("a send needs the contactId and template variables");
    }
    if (request.channel() == null || !adapters.containsKey(request.channel())) {
      throw new MessageSendException("unknown channel '" + request.channel() + "'");
    }
    MessageStore.Row row = store.claim(request);
    if (row.status().done()) {
      log.info("Message {} ({}) was already handled ({}); not sending it again", row.id(),
          row.channel(), row.status());
      return new Result(row.id(), row.status().name());
    }
    SendGate.Verdict verdict;
    try {
      ContactView contact = contacts.find(request.contactId())
          .orElseThrow(() -> new MessageSendException("unknown contact"));
      verdict = gate.check(row.id(), request, contact);
      switch (verdict.decision()) {
        case SEND:
          return deliver(row, request, contact, verdict);
        case DEFER:
          store.markNotSent(row.id(), MessageStore.Status.DEFERRED,
              "until " + verdict.deferUntil() + ": " + verdict.reason());
          log.info("Message {} on {} {}", row.id(), request.channel(), verdict.describe());
          break;
        default:
          store.markNotSent(row.id(), verdict.decision() == SendGate.Verdict.Decision.SKIP
              ? MessageStore.Status.SKIPPED : MessageStore.Status.SUPPRESSED, verdict.reason());
          log.info("Message {} on {} not sent: {}", row.id(), request.channel(),
              verdict.describe());
          return new Result(row.id(), verdict.describe());
      }
    } catch (MessageSendException e) {
      store.markFailed(row.id(), e.getMessage());
      log.warn("Message {} on {} failed: {}", row.id(), request.channel(), e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      String reason = "unexpected failure (" + e.getClass().getSimpleName() + ")";
      store.markFailed(row.id(), reason);
      throw new MessageSendException(reason, e);
    }
    throw new SendDeferredException(row.id(), verdict.deferUntil());
  }

  private Result deliver(MessageStore.Row row, SendRequest request, ContactView contact,
      SendGate.Verdict verdict) {
    String channel = verdict.channel() == null ? request.channel() : verdict.channel();
    ChannelAdapter adapter = adapters.get(channel);
    if (adapter == null) {
      throw new MessageSendException("unknown channel '" + channel + "'");
    }
    RenderedMessage rendered =
        templates.render(request.template(), contact.locale(), model(row.id(), request, contact));
    ChannelAdapter.Delivery delivery = adapter.send(
        new ChannelAdapter.Outgoing(row.id(), request.idempotencyKey(), contact, rendered));
    store.markDone(row.id(), delivery.status(), channel.equals(request.channel()) ? null : channel,
        delivery.recipient(), delivery.subject(), delivery.body(), verdict.reason());
    log.info("Message {} {} on {} (template {}, {})", row.id(),
        delivery.status() == MessageStore.Status.SANDBOX ? "recorded in sandbox" : "sent",
        channel, request.template(), rendered.locale());
    return new Result(row.id(), verdict.describe());
  }

  /** Process variables, then the contact's fields, then links of this message. */
  private Map<String, Object> model(String messageId, SendRequest request, ContactView contact) {
    Map<String, Object> model = new HashMap<>(request.variables());
    model.put("contactId", contact.id());
    model.put("firstName", contact.firstName());
    model.put("lastName", contact.lastName());
    model.put("displayName", contact.displayName());
    model.put("email", contact.email());
    model.put("phone", contact.phone());
    model.put("locale", contact.locale());
    model.put("timezone", contact.timezone());
    model.put("lifecycleStage", contact.lifecycleStage());
    model.put("score", contact.score());
    model.put("tags", contact.tags() == null ? List.of() : List.copyOf(contact.tags()));
    model.put("attributes", contact.attributes() == null ? Map.of() : contact.attributes());
    model.put("messageId", messageId);
    model.put("publicUrl", links.publicUrl());
    model.put("shopUrl", shopUrl);
    model.put("unsubscribeUrl", links.unsubscribe(messageId));
    return model;
  }
}
