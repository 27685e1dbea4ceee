package io.journeys.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactLocks;
import io.journeys.contact.ContactView;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery half of a send: takes a queued message (QUEUED → SENDING, committed before the
 * provider is called), calls the channel's adapter and marks it SENT or SANDBOX (committed on its
 * own). A refusal of the provider puts it back as FAILED and throws, so the caller's retry tries
 * again. A row found SENDING was left by an attempt that died during the provider call or before
 * its mark: a channel that drops duplicates by key is called again with the same key; SMTP is sent
 * again only when that attempt ended before its hand-over ({@link
 * ChannelAdapter.Outgoing#handOver}: connecting, greeting, MAIL FROM, RCPT TO, DATA); after it the
 * row becomes UNCERTAIN and a {@link DeliveryInDoubtException} is thrown.
 *
 * <p>Claim and mark lock the contact's row ({@link ContactLocks}, in their own transaction) and
 * check it still exists, so an erasure waits for them and they see it: nothing is sent to an erased
 * contact, and a message in flight during an erasure is recorded without recipient, subject or
 * body.
 */
@Service
class MessageDispatcher {

  private static final Logger log = LoggerFactory.getLogger(MessageDispatcher.class);

  private final MessageStore store;
  private final ContactDirectory contacts;
  private final ContactLocks locks;
  private final Map<String, ChannelAdapter> adapters;
  private final ObjectMapper json;
  private final ObjectProvider<DeliveryObserver> observers;
  private final TransactionTemplate ownTx;

  MessageDispatcher(
      MessageStore store,
      ContactDirectory contacts,
      ContactLocks locks,
      List<ChannelAdapter> adapters,
      ObjectMapper json,
      ObjectProvider<DeliveryObserver> observers,
      PlatformTransactionManager txManager) {
    this.store = store;
    this.contacts = contacts;
    this.locks = locks;
    this.adapters =
        adapters.stream()
            .collect(Collectors.toUnmodifiableMap(a -> a.channel().wire(), Function.identity()));
    this.json = json;
    this.observers = observers;
    this.ownTx = new TransactionTemplate(txManager);
    this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Delivers message {@code messageId} unless it was delivered, cancelled or skipped before.
   *
   * @throws MessageSendException when the provider refused it (the row is FAILED, to be retried)
   * @throws DeliveryInDoubtException when an earlier attempt may have delivered it (UNCERTAIN)
   */
  void deliver(String messageId) {
    Attempt attempt = ownTx.execute(tx -> begin(messageId));
    if (attempt == null) {
      return;
    }
    if (attempt.inDoubt()) {
      log.warn(
          "Message {} on {} may have been delivered by an earlier attempt; not resending",
          messageId,
          attempt.channel());
      throw new DeliveryInDoubtException(messageId);
    }
    ChannelAdapter.Delivery delivery;
    try {
      delivery = attempt.adapter().send(attempt.outgoing());
    } catch (DeliveryOutcomeUnknownException e) {
      log.warn(
          "Message {} on {}: outcome unknown: {}", messageId, attempt.channel(), e.getMessage());
      throw e;
    } catch (MessageSendException e) {
      ownTx.executeWithoutResult(tx -> store.fail(messageId, attempt.number(), e.getMessage()));
      log.warn("Message {} on {} failed: {}", messageId, attempt.channel(), e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      // not a refusal the adapter recognised: the provider may have taken it; the row stays
      // SENDING, so the next attempt treats the outcome as unknown
      throw new MessageSendException(
          "unexpected failure (" + e.getClass().getSimpleName() + ")", e);
    }
    observers.orderedStream().forEach(o -> o.accepted(messageId));
    ownTx.executeWithoutResult(
        tx ->
            store.markDelivered(
                messageId,
                delivery,
                locks.lock(attempt.outgoing().contact().id()),
                attempt.verdict()));
    log.info(
        "Message {} {} on {}",
        messageId,
        delivery.status() == MessageStore.Status.SANDBOX ? "recorded in sandbox" : "sent",
        attempt.channel());
  }

  /** Claims the message under the contact's lock; null when there is nothing to deliver. */
  private Attempt begin(String messageId) {
    String contactId = row(messageId).contactId();
    boolean contactExists = locks.lock(contactId);
    MessageStore.Row row = row(messageId); // again, now that concurrent claims queue up
    if (row.status().done()) {
      return null;
    }
    if (!contactExists) {
      store.cancel(messageId, "contact erased before delivery");
      store.move(
          messageId,
          MessageStore.Status.SENDING,
          MessageStore.Status.CANCELLED,
          "contact erased; an earlier attempt may have delivered it");
      log.info("Message {} not delivered: its contact was erased", messageId);
      return null;
    }
    ChannelAdapter adapter = adapters.get(row.channel());
    if (adapter == null || row.content() == null) {
      throw new MessageSendException(
          adapter == null
              ? "unknown channel '" + row.channel() + "'"
              : "message " + messageId + " is " + row.status() + ", not in the outbox");
    }
    if (row.status() == MessageStore.Status.SENDING && !adapter.dropsDuplicates()) {
      if (row.handedOver()) {
        store.move(
            messageId,
            MessageStore.Status.SENDING,
            MessageStore.Status.UNCERTAIN,
            "may have been delivered: an attempt ended after handing it over, without an answer");
        return new Attempt(adapter, null, null, 0, true);
      }
      // the attempt ended before the receiver could take the message: sending again is safe
      if (!store.reclaim(messageId, row.attempts())) {
        throw new MessageSendException(
            "message "
                + messageId
                + " is being handed over by another attempt; not sent by this one");
      }
      log.info(
          "Message {} on {}: an earlier attempt ended before handing it over; sending it again",
          messageId,
          row.channel());
    } else if (!store.claim(messageId, adapter.dropsDuplicates())) {
      throw new MessageSendException(
          "message " + messageId + " is " + row.status() + ", not deliverable");
    }
    int number = row(messageId).attempts();
    ContactView contact =
        contacts
            .find(row.contactId())
            .orElseThrow(() -> new MessageSendException("unknown contact"));
    MessageStore.Content content = content(row);
    Runnable handOver = adapter.dropsDuplicates() ? () -> {} : () -> handOver(messageId, number);
    return new Attempt(
        adapter,
        new ChannelAdapter.Outgoing(
            messageId, row.idempotencyKey(), contact, content.rendered(), handOver),
        content.verdict(),
        number,
        false);
  }

  /**
   * Records, committed, that attempt {@code number} hands the message over: from now on it is in
   * doubt until the receiver answers. Refuses when the row is no longer this attempt's.
   */
  private void handOver(String messageId, int number) {
    if (!Boolean.TRUE.equals(ownTx.execute(tx -> store.handOver(messageId, number)))) {
      throw new MessageSendException(
          "message "
              + messageId
              + " was taken by another attempt or cancelled before its hand-over; not sent by"
              + " this attempt");
    }
  }

  private MessageStore.Row row(String messageId) {
    return store
        .findById(messageId)
        .orElseThrow(() -> new MessageSendException("no message " + messageId));
  }

  private MessageStore.Content content(MessageStore.Row row) {
    try {
      return json.readValue(row.content(), MessageStore.Content.class);
    } catch (JsonProcessingException e) {
      throw MessageSendException.describing("stored message could not be read", e);
    }
  }

  private record Attempt(
      ChannelAdapter adapter,
      ChannelAdapter.Outgoing outgoing,
      String verdict,
      int number,
      boolean inDoubt) {
    String channel() {
      return adapter.channel().wire();
    }
  }
}
