package io.journeys.scoring;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactFacts;
import io.journeys.contact.ContactFacts.ProfileFacts;
import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import io.journeys.event.StoredEvent;
import io.journeys.scoring.ScoreCalculator.Score;
import io.journeys.scoring.ScoreRules.Hit;
import io.journeys.scoring.ScoreRules.Qualification;
import java.time.Clock;
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

/**
 * Scores events into the ledger and keeps each contact's current score, dimension scores and MQL
 * state ({@code contact_score}, and the total on the contact). Works on batches: one ledger read,
 * one insert and one score write per batch, never a recomputation of everyone.
 */
@Service
class LeadScorer {

  static final String PROFILE_SOURCE = "profile:";

  private final ScoringModel model;
  private final ScoreLedger ledger;
  private final ContactScores scores;
  private final ContactFacts contacts;
  private final EventIntake intake;
  private final Clock clock;

  @Autowired
  LeadScorer(
      ScoringModel model,
      ScoreLedger ledger,
      ContactScores scores,
      ContactFacts contacts,
      EventIntake intake) {
    this(model, ledger, scores, contacts, intake, EngineClock.UTC);
  }

  LeadScorer(
      ScoringModel model,
      ScoreLedger ledger,
      ContactScores scores,
      ContactFacts contacts,
      EventIntake intake,
      Clock clock) {
    this.model = model;
    this.ledger = ledger;
    this.scores = scores;
    this.contacts = contacts;
    this.intake = intake;
    this.clock = clock;
  }

  /** Whether an event of this type may score under the rules in force. */
  boolean scores(String eventType) {
    return model.current().scores(eventType);
  }

  /**
   * Scores stored events (of any contacts, any order) under the rules in force, then refreshes the
   * scores of the contacts that gained entries. An event already in the ledger is skipped.
   */
  void score(List<StoredEvent> events) {
    score(events, model.current());
  }

  /** {@link #score(List)} under the given rules (a re-scoring job's version). */
  void score(List<StoredEvent> events, ScoreRules rules) {
    Map<String, List<Hit>> hits = new LinkedHashMap<>();
    Set<String> touched = new LinkedHashSet<>();
    for (StoredEvent e : events) {
      if (rules.scores(e.type())) {
        List<Hit> h = rules.scoreEvent(e.type(), e.properties());
        if (!h.isEmpty()) {
          hits.put(e.id(), h);
          touched.add(e.contactId());
        }
      }
    }
    if (touched.isEmpty()) {
      return;
    }
    Map<String, List<LedgerEntry>> existing = ledger.entries(touched, rules.version());
    List<LedgerEntry> fresh = new ArrayList<>();
    List<StoredEvent> ordered = new ArrayList<>(events);
    ordered.sort(java.util.Comparator.comparing(StoredEvent::occurredAt));
    for (StoredEvent e : ordered) {
      List<Hit> h = hits.get(e.id());
      if (h == null) {
        continue;
      }
      List<LedgerEntry> mine = existing.computeIfAbsent(e.contactId(), k -> new ArrayList<>());
      for (Hit hit : h) {
        if (mine.stream()
            .anyMatch(
                x -> x.criterion().equals(hit.criterion()) && x.sourceEventId().equals(e.id()))) {
          continue; // the same event never counts twice
        }
        long occupied =
            mine.stream()
                .filter(
                    x ->
                        x.criterion().equals(hit.criterion())
                            && x.fromEvent()
                            && x.validity().occupies(x.occurredAt(), e.occurredAt()))
                .count();
        if (occupied >= hit.maxCount()) {
          continue;
        }
        LedgerEntry entry =
            new LedgerEntry(
                e.contactId(),
                rules.version(),
                hit.criterion(),
                hit.dimension(),
                hit.points(),
                hit.validity(),
                e.id(),
                e.occurredAt());
        mine.add(entry);
        fresh.add(entry);
      }
    }
    ledger.insert(fresh, clock.instant());
    refresh(touched, rules, existing);
  }

  /** Scores the profile criteria and refreshes score and MQL state of these contacts. */
  void refresh(Collection<String> contactIds) {
    refresh(contactIds, model.current());
  }

  /** {@link #refresh(Collection)} under the given rules (a re-scoring job's version). */
  void refresh(Collection<String> contactIds, ScoreRules rules) {
    refresh(contactIds, rules, ledger.entries(contactIds, rules.version()));
  }

  private void refresh(
      Collection<String> contactIds, ScoreRules rules, Map<String, List<LedgerEntry>> entries) {
    Instant now = clock.instant();
    Map<String, ProfileFacts> profiles = contacts.profiles(contactIds);
    List<LedgerEntry> profileEntries = new ArrayList<>();
    for (ProfileFacts p : profiles.values()) {
      List<LedgerEntry> mine = entries.computeIfAbsent(p.id(), k -> new ArrayList<>());
      List<LedgerEntry> changes = ProfileCriteria.changes(rules, p, mine, now);
      profileEntries.addAll(changes);
      mine.addAll(changes);
    }
    ledger.insert(profileEntries, now);

    Map<String, ContactScores.Row> before = scores.find(profiles.keySet());
    List<ContactScores.Row> rows = new ArrayList<>();
    Map<String, Integer> totals = new LinkedHashMap<>();
    List<IncomingEvent> qualified = new ArrayList<>();
    for (String id : profiles.keySet()) {
      Score s = ScoreCalculator.score(entries.getOrDefault(id, List.of()), rules.weights(), now);
      ContactScores.Row old = before.get(id);
      boolean was = old != null && old.mql();
      Qualification q = rules.qualify(was, s.total(), s.interactionAges());
      Instant since = q.mql() ? (was ? old.mqlSince() : now) : null;
      ContactScores.Row row =
          new ContactScores.Row(
              id, rules.version(), s.total(), s.dimensions(), q.mql(), since, now);
      if (old == null
          || old.total() != row.total()
          || old.mql() != row.mql()
          || old.version() != row.version()
          || !old.dimensions().equals(row.dimensions())) {
        rows.add(row);
        totals.put(id, s.total());
      }
      if (q.mql() && !was) {
        qualified.add(
            new IncomingEvent(
                "lead.qualified:" + id + ":" + now.toEpochMilli(),
                EventTypes.LEAD_QUALIFIED,
                id,
                null,
                null,
                now.atOffset(ZoneOffset.UTC),
                Map.of("score", s.total(), "tableVersion", rules.version(), "reason", q.reason())));
      }
    }
    scores.save(rows, before.keySet());
    contacts.setScores(totals);
    if (!qualified.isEmpty()) {
      intake.ingest(qualified);
    }
  }
}
