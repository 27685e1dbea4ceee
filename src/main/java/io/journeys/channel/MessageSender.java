package io.journeys.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The step half of a send (the outbox): asks the {@link SendGate} (consent, suppression, caps,
 * quiet hours, fallback), renders the template and writes the message row as {@code QUEUED} with
 * its rendered parts, all in the caller's transaction, which for a channel task is the engine's job
 * transaction; {@link MessageDispatcher} delivers it afterwards. A verdict that sends nothing is
 * recorded on the row (SUPPRESSED, SKIPPED: the journey goes on); a deferral (quiet hours) and a
 * failure (unknown contact, missing template variable) are recorded in a transaction of their own,
 * since the step's transaction rolls back, and thrown.
 */
@Service
public class MessageSender {

  /**
   * Set to {@code true} on a journey entry held out as a control group (analytics' holdout): the
   * journey runs, its sends are recorded as SKIPPED with {@link #HOLDOUT_DETAIL} and nothing goes
   * out.
   */
  public static final String HOLDOUT_VARIABLE = "journeysHoldout";

  static final String HOLDOUT_DETAIL = "holdout: control group, no message";

  /**
   * Set to {@code true} on a trial run's instance (operations, docs/operations.md): its sends skip
   * the send rules and go to the sandbox (recorded SANDBOX with the rendered message), or, with
   * {@link #TRIAL_SEND_TO_VARIABLE}, to that internal seed contact instead of the journey's
   * contact.
   */
  public static final String TRIAL_VARIABLE = "journeyTrial";

  /** The seed contact (an id) that gets a trial run's sends; absent: sandbox. */
  public static final String TRIAL_SEND_TO_VARIABLE = "journeyTrialSendTo";

  private static final Logger log = LoggerFactory.getLogger(MessageSender.class);

  private final MessageStore store;
  private final MessageTemplates templates;
  private final ContactDirectory contacts;
  private final TrackingLinks links;
  private final Set<Channel> channels;
  private final String shopUrl;
  private final SendGate gate;
  private final MessageDispatcher dispatcher;
  private final ObjectMapper json;
  private final TransactionTemplate ownTx;
  private final List<TemplateLinks> templateLinks;

  @Autowired
  MessageSender(
      MessageStore store,
      MessageTemplates templates,
      ContactDirectory contacts,
      TrackingLinks links,
      List<ChannelAdapter> adapters,
      ChannelProperties properties,
      SendGate gate,
      MessageDispatcher dispatcher,
      ObjectMapper json,
      PlatformTransactionManager txManager,
      List<TemplateLinks> templateLinks) {
    this.store = store;
    this.templates = templates;
    this.contacts = contacts;
    this.links = links;
    this.channels = adapters.stream().map(ChannelAdapter::channel).collect(Collectors.toSet());
    this.shopUrl = properties.shopUrl();
    this.gate = gate;
    this.dispatcher = dispatcher;
    this.json = json;
    this.ownTx = new TransactionTemplate(txManager);
    this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.templateLinks = List.copyOf(templateLinks);
  }

  MessageSender(
      MessageStore store,
      MessageTemplates templates,
      ContactDirectory contacts,
      TrackingLinks links,
      List<ChannelAdapter> adapters,
      ChannelProperties properties,
      SendGate gate,
      MessageDispatcher dispatcher,
      ObjectMapper json,
      PlatformTransactionManager txManager) {
    this(
        store,
        templates,
        contacts,
        links,
        adapters,
        properties,
        gate,
        dispatcher,
        json,
        txManager,
        List.of());
  }

  /**
   * Sends the message now, outside a journey, unless its key was sent before: {@link #dispatch}.
   *
   * @return the message id (the same for every call with the same key)
   */
  String send(SendRequest request) {
    return dispatch(request).messageId();
  }

  /** What became of one send: the message id and the send rules' verdict. */
  record Result(String messageId, String verdict) {}

  /**
   * Queues the message and delivers it on the calling thread (for sends outside a journey; a
   * channel task queues in its step and leaves delivery to a dispatch job). Tells the verdict
   * ({@code SENT}, {@code SKIPPED: …}, {@code SUPPRESSED: …}).
   *
   * @throws MessageSendException when it could not be sent; the row is then FAILED
   * @throws SendDeferredException when the send rules deferred it (quiet hours)
   */
  Result dispatch(SendRequest request) {
    Queued queued = queue(request, null);
    if (queued.toDeliver()) {
      dispatcher.deliver(queued.messageId());
    }
    return new Result(queued.messageId(), queued.verdict());
  }

  /** The outcome of the step: the message id, the verdict, and whether it awaits delivery. */
  record Queued(String messageId, String verdict, boolean toDeliver) {}

  /**
   * The step: gate, render and write the outbox row in the caller's transaction. A key that is
   * already in the outbox or done is not queued again.
   */
  Queued queue(SendRequest request, String journeyKey) {
    if (request.contactId() == null || request.template() == null) {
      throw new MessageSendException("a send needs the contactId and template variables");
    }
    if (request.channel() == null) {
      throw new MessageSendException("a send needs a channel");
    }
    if (!channels.contains(request.channel())) {
      throw new MessageSendException("no adapter for channel '" + request.channel() + "'");
    }
    Optional<MessageStore.Row> existing = store.findByKey(request.idempotencyKey());
    String id = existing.map(MessageStore.Row::id).orElseGet(() -> messageId(request));
    if (existing.isPresent() && existing.get().status().done()) {
      log.info(
          "Message {} ({}) was already handled ({}); not sending it again",
          id,
          existing.get().channel(),
          existing.get().status());
      return new Queued(id, existing.get().status().name(), false);
    }
    if (existing.isPresent() && existing.get().status().queued()) {
      return new Queued(id, existing.get().status().name(), true);
    }
    if (Boolean.TRUE.equals(request.variables().get(HOLDOUT_VARIABLE))) {
      store.record(
          id,
          request,
          journeyKey,
          request.channel(),
          MessageStore.Status.SKIPPED,
          HOLDOUT_DETAIL,
          null);
      log.info(
          "Message {} on {} not sent: the contact is in a control group", id, request.channel());
      return new Queued(id, HOLDOUT_DETAIL, false);
    }
    if (Boolean.TRUE.equals(request.variables().get(TRIAL_VARIABLE))) {
      return trial(id, request, journeyKey);
    }
    SendGate.Verdict verdict;
    try {
      ContactView contact =
          contacts
              .find(request.contactId())
              .orElseThrow(() -> new MessageSendException("unknown contact"));
      verdict = gate.check(id, request, contact);
      if (verdict.decision() == SendGate.Verdict.Decision.SEND) {
        return enqueue(id, request, journeyKey, contact, verdict);
      }
      if (verdict.decision() != SendGate.Verdict.Decision.DEFER) {
        store.record(
            id,
            request,
            journeyKey,
            request.channel(),
            verdict.decision() == SendGate.Verdict.Decision.SKIP
                ? MessageStore.Status.SKIPPED
                : MessageStore.Status.SUPPRESSED,
            verdict.reason(),
            null);
        log.info("Message {} on {} not sent: {}", id, request.channel(), verdict.describe());
        return new Queued(id, verdict.describe(), false);
      }
    } catch (MessageSendException e) {
      recordOnItsOwn(id, request, journeyKey, MessageStore.Status.FAILED, e.getMessage());
      log.warn("Message {} on {} failed: {}", id, request.channel(), e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      String reason = "unexpected failure (" + e.getClass().getSimpleName() + ")";
      recordOnItsOwn(id, request, journeyKey, MessageStore.Status.FAILED, reason);
      throw new MessageSendException(reason, e);
    }
    recordOnItsOwn(
        id,
        request,
        journeyKey,
        MessageStore.Status.DEFERRED,
        "until " + verdict.deferUntil() + ": " + verdict.reason());
    log.info("Message {} on {} {}", id, request.channel(), verdict.describe());
    throw new SendDeferredException(id, verdict.deferUntil());
  }

  private Queued enqueue(
      String id,
      SendRequest request,
      String journeyKey,
      ContactView contact,
      SendGate.Verdict verdict) {
    Channel channel = verdict.channel() == null ? request.channel() : verdict.channel();
    if (!channels.contains(channel)) {
      throw new MessageSendException("no adapter for channel '" + channel + "'");
    }
    RenderedMessage rendered =
        templates.render(request.template(), contact.locale(), model(id, request, contact));
    String content;
    try {
      content = json.writeValueAsString(new MessageStore.Content(verdict.reason(), rendered));
    } catch (JsonProcessingException e) {
      throw MessageSendException.describing("rendered message could not be stored", e);
    }
    store.record(
        id, request, journeyKey, channel, MessageStore.Status.QUEUED, verdict.reason(), content);
    log.info(
        "Message {} queued on {} (template {}, {})",
        id,
        channel,
        request.template(),
        rendered.locale());
    return new Queued(id, verdict.describe(), true);
  }

  /**
   * A send of a trial run: rendered for the journey's contact, then recorded in the sandbox or
   * queued for the seed contact (whose address the dispatcher uses); no send rule counts it.
   */
  private Queued trial(String id, SendRequest request, String journeyKey) {
    ContactView contact =
        contacts
            .find(request.contactId())
            .orElseThrow(() -> new MessageSendException("unknown contact"));
    RenderedMessage rendered =
        templates.render(request.template(), contact.locale(), model(id, request, contact));
    Object seed = request.variables().get(TRIAL_SEND_TO_VARIABLE);
    String detail =
        seed == null
            ? "trial run: sandbox"
            : "trial run: to seed contact " + seed + " instead of " + request.contactId();
    String content;
    try {
      content = json.writeValueAsString(new MessageStore.Content(detail, rendered));
    } catch (JsonProcessingException e) {
      throw MessageSendException.describing("rendered message could not be stored", e);
    }
    if (seed == null) {
      store.record(
          id, request, journeyKey, request.channel(), MessageStore.Status.SANDBOX, detail, content);
      log.info("Message {} on {} of a trial run recorded in sandbox", id, request.channel());
      return new Queued(id, MessageStore.Status.SANDBOX.name(), false);
    }
    SendRequest toSeed =
        new SendRequest(
            request.idempotencyKey(),
            seed.toString(),
            request.channel(),
            request.template(),
            request.processInstanceId(),
            request.activityId(),
            request.variables());
    store.record(
        id, toSeed, journeyKey, request.channel(), MessageStore.Status.QUEUED, detail, content);
    log.info("Message {} on {} of a trial run queued for its seed contact", id, request.channel());
    return new Queued(id, detail, true);
  }

  /** What a send step would send, rendered: for a person who sends it by hand. */
  public record Preview(String channel, String recipient, String subject, String text) {}

  /**
   * Renders the message of a send step for its contact without sending or recording anything (the
   * send rules are not asked): manual mode shows it in the step's Tasklist task.
   *
   * @throws MessageSendException when the contact is unknown or the template does not render
   */
  public Preview preview(SendRequest request) {
    ContactView contact =
        contacts
            .find(request.contactId())
            .orElseThrow(() -> new MessageSendException("unknown contact"));
    RenderedMessage rendered =
        templates.render(
            request.template(), contact.locale(), model(messageId(request), request, contact));
    String recipient =
        switch (request.channel()) {
          case EMAIL -> contact.email();
          case SMS -> contact.phone();
          case WECOM ->
              contact.attributes() == null
                  ? null
                  : String.valueOf(contact.attributes().get(WeComAdapter.USER_ID_ATTRIBUTE));
          case PUSH -> contact.id();
        };
    return new Preview(
        request.channel().wire(),
        recipient,
        rendered.optional("subject"),
        rendered.optional("text") != null ? rendered.optional("text") : rendered.optional("html"));
  }

  /** A verdict that must outlive the step's transaction, which rolls back after it. */
  private void recordOnItsOwn(
      String id,
      SendRequest request,
      String journeyKey,
      MessageStore.Status status,
      String detail) {
    ownTx.executeWithoutResult(
        tx -> store.record(id, request, journeyKey, request.channel(), status, detail, null));
  }

  /**
   * The message id of a key: derived from it, so that every attempt of a step (also one whose
   * transaction rolled back after the send rules reserved a place under a cap) has the same id.
   */
  static String messageId(SendRequest request) {
    return UUID.nameUUIDFromBytes(
            ("message:" + request.idempotencyKey()).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * Process variables, then the contact's fields, then links of this message and those other
   * features add ({@link TemplateLinks}).
   */
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
    for (TemplateLinks more : templateLinks) {
      model.putAll(more.linksFor(request.template(), contact.id(), contact.email()));
    }
    return model;
  }
}
