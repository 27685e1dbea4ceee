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
 * FAILED with a short reason (and an exception to the caller) when anything goes wrong. A
 * contact who withdrew consent for the channel (e.g. through the unsubscribe link) gets nothing:
 * the message is SUPPRESSED and the journey goes on.
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

  MessageSender(MessageStore store, MessageTemplates templates, ContactDirectory contacts,
      TrackingLinks links, List<ChannelAdapter> adapters, ChannelProperties properties) {
    this.store = store;
    this.templates = templates;
    this.contacts = contacts;
    this.links = links;
    this.adapters = adapters.stream()
        .collect(Collectors.toUnmodifiableMap(ChannelAdapter::channel, Function.identity()));
    this.shopUrl = properties.shopUrl();
  }

  /**
   * Sends the message unless its key was sent before.
   *
   * @return the message id (the same for every call with the same key)
   * @throws MessageSendException when it could not be sent; the message row is then FAILED
   */
  public String send(SendRequest request) {
    if (request.contactId() == null || request.template() == null) {
      throw new MessageSendException("a send needs the contactId and template variables");
    }
    ChannelAdapter adapter = request.channel() == null ? null : adapters.get(request.channel());
    if (adapter == null) {
      throw new MessageSendException("unknown channel '" + request.channel() + "'");
    }
    MessageStore.Row row = store.claim(request);
    if (row.status().done()) {
      log.info("Message {} ({}) was already sent; not sending it again", row.id(), row.channel());
      return row.id();
    }
    try {
      ContactView contact = contacts.find(request.contactId())
          .orElseThrow(() -> new MessageSendException("unknown contact"));
      if (withdrawn(contact, request.channel())) {
        store.markSuppressed(row.id(), "no consent for " + request.channel());
        log.info("Message {} not sent: consent for {} withdrawn", row.id(), request.channel());
        return row.id();
      }
      RenderedMessage rendered =
          templates.render(request.template(), contact.locale(), model(row.id(), request, contact));
      ChannelAdapter.Delivery delivery = adapter.send(
          new ChannelAdapter.Outgoing(row.id(), request.idempotencyKey(), contact, rendered));
      store.markDone(row.id(), delivery.status(), delivery.recipient(), delivery.subject(),
          delivery.body());
      log.info("Message {} {} on {} (template {}, {})", row.id(),
          delivery.status() == MessageStore.Status.SANDBOX ? "recorded in sandbox" : "sent",
          request.channel(), request.template(), rendered.locale());
      return row.id();
    } catch (MessageSendException e) {
      store.markFailed(row.id(), e.getMessage());
      log.warn("Message {} on {} failed: {}", row.id(), request.channel(), e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      String reason = "unexpected failure (" + e.getClass().getSimpleName() + ")";
      store.markFailed(row.id(), reason);
      throw new MessageSendException(reason, e);
    }
  }

  /** Only an explicit "no" stops a send here; the other send rules belong to governance. */
  private static boolean withdrawn(ContactView contact, String channel) {
    return contact.consent() != null && Boolean.FALSE.equals(contact.consent().get(channel));
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
