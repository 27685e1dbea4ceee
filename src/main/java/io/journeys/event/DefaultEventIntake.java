package io.journeys.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.config.EngineClock;
import io.journeys.contact.IdentityResolver;
import io.journeys.contact.IdentityResolver.ContactRef;
import io.journeys.contact.IdentityResolver.Resolution;
import io.journeys.event.EventValidator.Normalised;
import io.journeys.event.InvalidEventsException.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Validates, dedupes, resolves contacts, stores and publishes events, a batch at a time in one
 * transaction (a savepoint when the caller already has one).
 */
@Service
class DefaultEventIntake implements EventIntake {

  private static final Logger log = LoggerFactory.getLogger(DefaultEventIntake.class);

  private final EventStore store;
  private final IdentityResolver identities;
  private final ApplicationEventPublisher publisher;
  private final ObjectMapper json;
  private final TransactionTemplate tx;
  private final Counter storedCounter;
  private final Counter duplicateCounter;
  private final Counter refusedCounter;
  private final EventBatchScope scope;

  DefaultEventIntake(
      EventStore store,
      IdentityResolver identities,
      ApplicationEventPublisher publisher,
      ObjectMapper json,
      PlatformTransactionManager transactions,
      MeterRegistry meters,
      ObjectProvider<EventBatchScope> scopes) {
    this.scope = scopes.getIfAvailable(() -> Runnable::run);
    this.store = store;
    this.identities = identities;
    this.publisher = publisher;
    this.json = json;
    this.tx = new TransactionTemplate(transactions);
    this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    this.storedCounter = meters.counter("journeys.events.stored");
    this.duplicateCounter = meters.counter("journeys.events.duplicates");
    this.refusedCounter = meters.counter("journeys.events.refused");
  }

  @Override
  public int ingest(List<IncomingEvent> events) {
    Instant now = EngineClock.now();
    List<Problem> problems = new ArrayList<>();
    List<Normalised> valid = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      valid.add(EventValidator.validate(i, events.get(i), now, json, problems));
    }
    if (!problems.isEmpty()) {
      refusedCounter.increment(events.size());
      throw new InvalidEventsException(problems);
    }
    int stored;
    try {
      stored = tx.execute(status -> store(valid, now));
    } catch (DuplicateKeyException e) {
      // the same event id stored concurrently by another node: the savepoint or transaction is
      // rolled back; once more, the stored ids are now seen as duplicates
      log.info("Concurrent duplicate in a batch of {} events, retrying once", events.size());
      stored = tx.execute(status -> store(valid, now));
    }
    storedCounter.increment(stored);
    duplicateCounter.increment(events.size() - stored);
    return events.size();
  }

  /** Stores the new events of a batch; answers how many were new. */
  private int store(List<Normalised> events, Instant now) {
    Set<String> stored = store.existing(events.stream().map(n -> n.event().id()).toList());
    Map<String, Integer> fresh = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      String id = events.get(i).event().id();
      if (!stored.contains(id)) {
        fresh.putIfAbsent(id, i);
      }
    }
    List<Integer> indexes = List.copyOf(fresh.values());
    List<Resolution> contacts =
        identities.resolve(
            indexes.stream()
                .map(i -> events.get(i).event())
                .map(e -> new ContactRef(e.contactId(), e.email(), e.phone()))
                .toList());
    List<Problem> problems = new ArrayList<>();
    List<StoredEvent> published = new ArrayList<>(indexes.size());
    List<EventStore.Row> rows = new ArrayList<>(indexes.size());
    for (int k = 0; k < indexes.size(); k++) {
      Resolution r = contacts.get(k);
      Normalised n = events.get(indexes.get(k));
      if (!r.resolved()) {
        problems.add(new Problem(indexes.get(k), r.field(), r.reason()));
        continue;
      }
      IncomingEvent e = n.event();
      rows.add(
          new EventStore.Row(e.id(), e.type(), r.contactId(), e.occurredAt(), n.propertiesJson()));
      published.add(
          new StoredEvent(
              e.id(),
              e.type(),
              r.contactId(),
              e.occurredAt().toInstant(),
              Collections.unmodifiableMap(new LinkedHashMap<>(e.properties()))));
    }
    if (!problems.isEmpty()) {
      refusedCounter.increment(events.size());
      throw new InvalidEventsException(problems);
    }
    store.insert(rows, now);
    published.sort(Comparator.comparing(StoredEvent::occurredAt));
    publish(published);
    return rows.size();
  }

  /**
   * Publishes the events in order, each run of consecutive events of distinct contacts in one
   * {@link EventBatchScope} (docs/operating.md "Throughput").
   */
  private void publish(List<StoredEvent> events) {
    Set<String> contacts = new HashSet<>();
    int from = 0;
    for (int i = 0; i <= events.size(); i++) {
      if (i == events.size() || !contacts.add(events.get(i).contactId())) {
        List<StoredEvent> run = events.subList(from, i);
        scope.publish(() -> run.forEach(publisher::publishEvent));
        from = i;
        contacts.clear();
        if (i < events.size()) {
          contacts.add(events.get(i).contactId());
        }
      }
    }
  }
}
