package io.journeys.scoring;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactFacts;
import io.journeys.contact.ContactFacts.ProfileFacts;
import io.journeys.contact.ContactFacts.TagFact;
import io.journeys.event.EventHistory;
import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import io.journeys.event.StoredEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Brings the rule-driven tags of a batch of contacts up to date with {@code dmn/contact-tags.dmn}:
 * features (3 queries per batch), the table per contact, tags added and removed with source and
 * reason, {@code lifecycleStage} set, one {@code tag.added} / {@code tag.removed} event per change
 * through the event intake (so journeys can start or move on them).
 */
@Service
class TagRefresher {

  private final TagModel model;
  private final ContactFacts contacts;
  private final EventHistory history;
  private final ContactScores scores;
  private final FeatureStore features;
  private final EventIntake intake;
  private final Clock clock;
  private TagQueue queue;
  private LeadScorer scorer;

  @Autowired
  TagRefresher(
      TagModel model,
      ContactFacts contacts,
      EventHistory history,
      ContactScores scores,
      FeatureStore features,
      EventIntake intake) {
    this(model, contacts, history, scores, features, intake, EngineClock.UTC);
  }

  TagRefresher(
      TagModel model,
      ContactFacts contacts,
      EventHistory history,
      ContactScores scores,
      FeatureStore features,
      EventIntake intake,
      Clock clock) {
    this.model = model;
    this.contacts = contacts;
    this.history = history;
    this.scores = scores;
    this.features = features;
    this.intake = intake;
    this.clock = clock;
  }

  /** Where contacts go back when another transaction holds them (set by the queue's owner). */
  @Autowired(required = false)
  void setQueue(TagQueue queue, LeadScorer scorer) {
    this.queue = queue;
    this.scorer = scorer;
  }

  /**
   * Refreshes these contacts' tags; answers how many tags were added or removed. Never waits for
   * another transaction: a contact whose row is locked (an intake batch storing its events, a
   * profile change) goes back to the queue for the next round — its own commit queues it anyway.
   */
  @Transactional
  int refresh(Collection<String> contactIds) {
    if (contactIds.isEmpty()) {
      return 0;
    }
    TagRules rules = model.current();
    Instant now = clock.instant();
    // first the contacts' row locks in id order, as the intake takes them: the tag inserts below
    // (foreign key) and the tag events would otherwise take them in another order and deadlock
    // with an intake batch. Skipping locked rows instead of waiting keeps this thread from
    // holding its batch's locks while it waits, which made intake batches queue behind it.
    List<String> locked = contacts.tryLock(contactIds);
    if (locked.size() < contactIds.size() && queue != null) {
      Set<String> busy = new LinkedHashSet<>(contactIds);
      locked.forEach(busy::remove);
      queue.addAll(busy); // erased ones among them are simply skipped next time
    }
    if (locked.isEmpty()) {
      return 0;
    }
    if (queue != null) {
      List<String> rescored = queue.takeRescored(locked);
      if (!rescored.isEmpty()) {
        scorer.refresh(rescored); // imported profiles: their score first (MQL is a tag input)
      }
    }
    Map<String, ProfileFacts> profiles = contacts.profiles(locked);
    if (profiles.isEmpty()) {
      return 0;
    }
    Set<String> ids = profiles.keySet();
    Map<String, List<EventHistory.Activity>> activity =
        history.activity(ids, Features.cutoffs(now));
    Map<String, List<StoredEvent>> orders = new LinkedHashMap<>();
    history
        .of(ids, List.of(EventTypes.ORDER_PLACED), now.minus(Duration.ofDays(365)))
        .forEach(o -> orders.computeIfAbsent(o.contactId(), k -> new ArrayList<>()).add(o));
    Map<String, ContactScores.Row> mql = scores.find(ids);
    Map<String, List<TagFact>> tags = contacts.tags(ids);
    double mean = features.meanAov();

    Map<String, Map<String, Object>> seen = new LinkedHashMap<>();
    Map<String, String> stages = new LinkedHashMap<>();
    List<IncomingEvent> events = new ArrayList<>();
    for (ProfileFacts p : profiles.values()) {
      ContactScores.Row score = mql.get(p.id());
      Map<String, Object> f =
          Features.of(
              p,
              activity.getOrDefault(p.id(), List.of()),
              orders.getOrDefault(p.id(), List.of()),
              score != null && score.mql(),
              mean,
              now);
      seen.put(p.id(), f);
      Set<String> current = new LinkedHashSet<>();
      Set<String> ruleManaged = new LinkedHashSet<>();
      for (TagFact t : tags.getOrDefault(p.id(), List.of())) {
        current.add(t.tag());
        if (t.source() != null && t.source().startsWith("rule:")) {
          ruleManaged.add(t.tag());
        }
      }
      TagDecision d =
          TagDecision.decide(rules.evaluate(f), current, ruleManaged, rules.catalogue());
      long ms = now.toEpochMilli();
      for (Map.Entry<String, String> r : d.remove().entrySet()) {
        if (contacts.untag(p.id(), r.getKey())) {
          events.add(
              event(
                  EventTypes.TAG_REMOVED,
                  p.id(),
                  r.getKey(),
                  ms,
                  now,
                  Map.of("tag", r.getKey(), "reason", r.getValue(), "source", rules.source())));
        }
      }
      for (String tag : d.add()) {
        if (contacts.tag(p.id(), tag, rules.source(), now)) {
          events.add(
              event(
                  EventTypes.TAG_ADDED,
                  p.id(),
                  tag,
                  ms,
                  now,
                  Map.of("tag", tag, "source", rules.source())));
        }
      }
      if (d.lifecycleStage() != null && !d.lifecycleStage().equals(p.lifecycleStage())) {
        stages.put(p.id(), d.lifecycleStage());
      }
    }
    features.save(seen, now);
    contacts.setLifecycleStages(stages);
    if (!events.isEmpty()) {
      intake.ingest(events);
    }
    return events.size();
  }

  private static IncomingEvent event(
      String type,
      String contactId,
      String tag,
      long ms,
      Instant now,
      Map<String, Object> properties) {
    return new IncomingEvent(
        type + ":" + contactId + ":" + tag + ":" + ms,
        type,
        contactId,
        null,
        null,
        now.atOffset(ZoneOffset.UTC),
        properties);
  }
}
