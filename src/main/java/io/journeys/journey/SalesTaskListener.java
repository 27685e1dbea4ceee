package io.journeys.journey;

import static io.journeys.journey.JourneyConstants.VAR_LEAD_EMAIL;
import static io.journeys.journey.JourneyConstants.VAR_LEAD_NAME;
import static io.journeys.journey.JourneyConstants.VAR_NOTE;
import static io.journeys.journey.JourneyConstants.VAR_OUTCOME;
import static io.journeys.journey.JourneyConstants.VAR_RECENT_ACTIVITY;
import static io.journeys.journey.JourneyConstants.VAR_SOURCE;

import io.journeys.config.EngineClock;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Listener of "Hand to sales" user tasks. On create it puts what the sales rep sees in the form
 * (name, email, source, recent activity) on the task as task-local variables, so they are gone from
 * the runtime once the task is done. On complete it records the rep's decision as a {@code
 * sales.outcome} event (unless a {@code sales.outcome} event completed the task: {@link
 * SalesOutcomes}); {@code outcome} and {@code note} stay process variables for the outcome gateway
 * and the CRM sync.
 */
@Component("salesTaskListener")
class SalesTaskListener implements TaskListener {

  static final Set<String> OUTCOMES = Set.of("qualified", "nurture", "disqualified");
  static final int RECENT_EVENTS = 5;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final ContactDirectory contacts;
  private final RecentActivity recentActivity;
  private final EventIntake intake;

  SalesTaskListener(ContactDirectory contacts, RecentActivity recentActivity, EventIntake intake) {
    this.contacts = contacts;
    this.recentActivity = recentActivity;
    this.intake = intake;
  }

  @Override
  public void notify(DelegateTask task) {
    switch (task.getEventName()) {
      case EVENTNAME_CREATE -> showLead(task);
      case EVENTNAME_COMPLETE -> recordOutcome(task);
      default ->
          throw new IllegalStateException(
              "salesTaskListener is for create and complete only, not " + task.getEventName());
    }
  }

  private void showLead(DelegateTask task) {
    String contactId = contactId(task);
    Optional<ContactView> contact = contacts.find(contactId);
    Map<String, Object> shown = new HashMap<>();
    shown.put(VAR_LEAD_NAME, contact.map(ContactView::displayName).orElse(contactId));
    shown.put(VAR_LEAD_EMAIL, contact.map(ContactView::email).orElse(""));
    Object source = task.getVariable(VAR_SOURCE);
    shown.put(VAR_SOURCE, source == null ? "" : source.toString());
    shown.put(VAR_RECENT_ACTIVITY, describe(recentActivity.latest(contactId, RECENT_EVENTS)));
    task.setVariablesLocal(shown);
  }

  private void recordOutcome(DelegateTask task) {
    Object outcome = task.getVariable(VAR_OUTCOME);
    if (outcome == null || !OUTCOMES.contains(outcome.toString())) {
      throw new ProcessEngineException(
          "'" + VAR_OUTCOME + "' must be one of " + OUTCOMES + " to complete task " + task.getId());
    }
    if (task.getVariableLocal(JourneyConstants.VAR_OUTCOME_EVENT_ID) != null) {
      return; // completed by a sales.outcome event (SalesOutcomes): it is in the history already
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(VAR_OUTCOME, outcome.toString());
    Object note = task.getVariable(VAR_NOTE);
    if (note != null) {
      properties.put(VAR_NOTE, note.toString());
    }
    intake.ingest(
        List.of(
            new IncomingEvent(
                "sales-outcome-" + task.getId(),
                EventTypes.SALES_OUTCOME,
                contactId(task),
                null,
                null,
                EngineClock.now().atOffset(ZoneOffset.UTC),
                properties)));
  }

  private static String contactId(DelegateTask task) {
    return JourneyContact.of(task);
  }

  static String describe(List<RecentActivity.Entry> entries) {
    return entries.stream()
        .map(entry -> WHEN.format(entry.occurredAt()) + "  " + entry.type())
        .collect(Collectors.joining("\n"));
  }
}
