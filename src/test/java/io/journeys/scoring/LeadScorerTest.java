package io.journeys.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.journeys.contact.ContactFacts;
import io.journeys.contact.ContactFacts.ProfileFacts;
import io.journeys.event.EventIntake;
import io.journeys.event.IncomingEvent;
import io.journeys.event.StoredEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** What {@link LeadScorer} writes to the ledger: at most N per window, never an event twice. */
class LeadScorerTest {

  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  ScoringModel model = mock(ScoringModel.class);
  ScoreLedger ledger = mock(ScoreLedger.class);
  ContactScores scores = mock(ContactScores.class);
  ContactFacts contacts = mock(ContactFacts.class);
  EventIntake intake = mock(EventIntake.class);
  List<LedgerEntry> written = new ArrayList<>();
  Map<String, ContactScores.Row> stored = new HashMap<>();
  LeadScorer scorer;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void wire() throws Exception {
    when(model.current()).thenReturn(ScoreRulesTest.load("dmn/lead-scoring.dmn", 1));
    when(ledger.entries(anyCollection(), anyInt()))
        .thenAnswer(
            i -> {
              Map<String, List<LedgerEntry>> found = new HashMap<>();
              written.forEach(
                  e -> found.computeIfAbsent(e.contactId(), k -> new ArrayList<>()).add(e));
              return found;
            });
    org.mockito.Mockito.doAnswer(i -> written.addAll(i.getArgument(0)))
        .when(ledger)
        .insert(any(), any());
    when(contacts.profiles(anyCollection()))
        .thenReturn(
            Map.of(
                "c-1",
                new ProfileFacts(
                    "c-1", null, "lead", Map.of("phoneVerified", true, "company", "ACME"), NOW)));
    when(scores.find(anyCollection())).thenAnswer(i -> Map.copyOf(stored));
    org.mockito.Mockito.doAnswer(
            i -> {
              ((List<ContactScores.Row>) i.getArgument(0))
                  .forEach(r -> stored.put(r.contactId(), r));
              return null;
            })
        .when(scores)
        .save(any(), any());
    scorer =
        new LeadScorer(model, ledger, scores, contacts, intake, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static StoredEvent event(String id, String type, Map<String, Object> properties, Duration ago) {
    return new StoredEvent(id, type, "c-1", NOW.minus(ago), properties);
  }

  long entries(String criterion) {
    return written.stream().filter(e -> e.criterion().equals(criterion)).count();
  }

  @Test
  void atMostThreeWhitepapersCountWithinTheirWindowAndTheSameEventOnce() {
    StoredEvent first =
        event("w-1", "form.submitted", Map.of("formId", "whitepaper"), Duration.ofDays(100));
    scorer.score(
        List.of(
            first,
            first,
            event("w-2", "form.submitted", Map.of("formId", "whitepaper"), Duration.ofDays(20)),
            event("w-3", "form.submitted", Map.of("formId", "whitepaper"), Duration.ofDays(15))));
    assertThat(entries("whitepaper")).isEqualTo(3);
    scorer.score(
        List.of(
            event("w-4", "form.submitted", Map.of("formId", "whitepaper"), Duration.ofDays(5))));
    assertThat(entries("whitepaper")).as("w-1 has expired: its place is free").isEqualTo(4);
    scorer.score(
        List.of(
            event("w-5", "form.submitted", Map.of("formId", "whitepaper"), Duration.ofDays(1)),
            first));
    assertThat(entries("whitepaper"))
        .as("three still count; w-1 again is a duplicate")
        .isEqualTo(4);
    assertThat(written).filteredOn(e -> e.criterion().equals("phone-verified")).hasSize(1);
    assertThat(stored.get("c-1").total()).isEqualTo(14); // 0.3 x 8 + 0.4 x 30 = 14.4
  }

  @Test
  void qualifyingEmitsOneLeadQualifiedAndStayingQualifiedNone() {
    scorer.score(
        List.of(
            event("p-1", "price.enquired", Map.of(), Duration.ofDays(1)),
            event("x-1", "webinar.attended", Map.of(), Duration.ofDays(2))));
    verify(intake, never()).ingest(any());
    scorer.score(List.of(event("p-2", "price.enquired", Map.of(), Duration.ofHours(1))));
    @SuppressWarnings("unchecked")
    ArgumentCaptor<List<IncomingEvent>> qualified = ArgumentCaptor.forClass(List.class);
    verify(intake).ingest(qualified.capture());
    assertThat(qualified.getValue())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("lead.qualified");
              assertThat(e.properties())
                  .containsEntry("score", 20)
                  .containsEntry("reason", "crossed");
            });
    scorer.score(List.of(event("p-3", "price.enquired", Map.of(), Duration.ofMinutes(5))));
    verify(intake).ingest(any()); // still once
    assertThat(stored.get("c-1").mql()).isTrue();
    assertThat(stored.get("c-1").mqlSince()).isEqualTo(NOW);
  }

  @Test
  void aProfileCriterionThatStopsHoldingIsReversedAndCanComeBack() throws Exception {
    ScoreRules rules = ScoreRulesTest.load("dmn/lead-scoring.dmn", 1);
    ProfileFacts verified = new ProfileFacts("c-2", null, null, Map.of("phoneVerified", true), NOW);
    ProfileFacts unverified = new ProfileFacts("c-2", null, null, Map.of(), NOW);
    List<LedgerEntry> entries =
        new ArrayList<>(ProfileCriteria.changes(rules, verified, List.of(), NOW));
    assertThat(entries).singleElement().satisfies(e -> assertThat(e.points()).isEqualTo(5.0));
    assertThat(ProfileCriteria.changes(rules, verified, entries, NOW)).isEmpty();
    entries.addAll(ProfileCriteria.changes(rules, unverified, entries, NOW));
    assertThat(entries).extracting(LedgerEntry::points).containsExactly(5.0, -5.0);
    assertThat(ScoreCalculator.score(entries, rules.weights(), NOW).total()).isZero();
    entries.addAll(ProfileCriteria.changes(rules, verified, entries, NOW));
    assertThat(entries)
        .extracting(LedgerEntry::sourceEventId)
        .containsExactly(
            "profile:phone-verified:0", "profile:phone-verified:1", "profile:phone-verified:2");
  }
}
