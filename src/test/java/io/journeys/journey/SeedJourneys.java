package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.channel.RecordingSendPath;
import io.journeys.contact.ContactView;
import io.journeys.event.EventHistory;
import io.journeys.event.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;

/**
 * Helpers of the seed journeys' process tests (several timers run at once in these journeys, so a
 * timer is named by its activity), and an in-memory {@link EventHistory}.
 */
final class SeedJourneys {

  private SeedJourneys() {}

  /**
   * Checks that nothing of the instance is due yet and that the timer of {@code activityId} is due
   * exactly at {@code due}; moves the engine clock there and fires it.
   */
  static void fireTimer(ProcessEngine engine, ProcessInstance pi, String activityId, Instant due) {
    ManagementService management = engine.getManagementService();
    Job timer =
        management
            .createJobQuery()
            .processInstanceId(pi.getId())
            .timers()
            .activityId(activityId)
            .singleResult();
    assertThat(timer).as("timer of " + activityId).isNotNull();
    assertThat(timer.getDuedate()).as("due date of " + activityId).isEqualTo(Date.from(due));
    assertThat(management.createJobQuery().processInstanceId(pi.getId()).executable().count())
        .as("nothing due before " + activityId)
        .isZero();
    ClockUtil.setCurrentTime(timer.getDuedate());
    management.executeJob(timer.getId());
  }

  /** The engine clock. */
  static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }

  /**
   * A contact in Shanghai with email and phone, these tags and attributes, consent on every
   * channel.
   */
  static ContactView contact(String id, Set<String> tags, Map<String, Object> attributes) {
    return RecordingSendPath.contact(id, tags, attributes);
  }

  /**
   * The set-up both dormant journeys (win-back, reactivation) share: tagging, "Read contact" (no
   * lead qualification) and the customer-service task listener over {@code contacts}, {@code
   * events} and {@code activity}, registered with {@code Mocks}; the contact in Shanghai without
   * tags or attributes; and the send path sending to these contacts.
   */
  static void dormantJourney(
      JourneyDriver driver,
      JourneyTestDoubles.InMemoryContacts contacts,
      InMemoryEvents events,
      RecentActivity activity,
      String contactId) {
    Mocks.register("tagContactDelegate", new TagContactDelegate(contacts));
    Mocks.register("readContactDelegate", new ReadContactDelegate(contacts, events, id -> false));
    Mocks.register("careTaskListener", new CareTaskListener(contacts, activity));
    contacts.contacts.put(contactId, contact(contactId, Set.of(), Map.of()));
    driver.channel().contacts(contacts);
  }

  /**
   * The contact enters {@code segment} (segment message {@code message}): the instance of {@code
   * processKey} starts at "Read contact", which runs.
   */
  static ProcessInstance enteredAndRead(
      JourneyDriver driver, String message, String segment, String processKey, String contactId) {
    driver.event(contactId, message, Map.of("segment", segment));
    ProcessInstance pi = driver.instance(processKey, contactId);
    BpmnAwareTests.assertThat(pi).isWaitingAt("Task_ReadContact");
    driver.executeAsyncJob(pi);
    return pi;
  }

  /** An in-memory {@link EventHistory}. */
  static final class InMemoryEvents implements EventHistory {

    final List<StoredEvent> events = new ArrayList<>();

    InMemoryEvents add(String contactId, String type, Instant at, Map<String, Object> properties) {
      events.add(new StoredEvent("e-" + events.size(), type, contactId, at, properties));
      return this;
    }

    @Override
    public int count(String contactId, String type, Instant since) {
      return since(contactId, type, since, Integer.MAX_VALUE).size();
    }

    @Override
    public List<StoredEvent> since(String contactId, String type, Instant since, int limit) {
      return events.stream()
          .filter(
              e ->
                  e.contactId().equals(contactId)
                      && e.type().equals(type)
                      && !e.occurredAt().isBefore(since))
          .sorted(Comparator.comparing(StoredEvent::occurredAt).reversed())
          .limit(limit)
          .toList();
    }

    @Override
    public List<StoredEvent> of(
        java.util.Collection<String> contactIds,
        java.util.Collection<String> types,
        Instant since) {
      return events.stream()
          .filter(
              e ->
                  contactIds.contains(e.contactId())
                      && (types == null || types.contains(e.type()))
                      && (since == null || !e.occurredAt().isBefore(since)))
          .sorted(Comparator.comparing(StoredEvent::occurredAt))
          .toList();
    }

    @Override
    public Map<String, List<Activity>> activity(
        java.util.Collection<String> contactIds, List<Instant> cutoffs) {
      throw new UnsupportedOperationException("not used by the journeys' process tests");
    }

    @Override
    public List<StoredEvent> find(
        String type, java.util.Collection<String> contactIds, Instant from, Instant to) {
      return of(contactIds, List.of(type), from).stream()
          .filter(e -> e.occurredAt().isBefore(to))
          .toList();
    }
  }
}
