package io.journeys.journey;

import static io.journeys.journey.JourneyConstants.VAR_MEMBER_NAME;
import static io.journeys.journey.JourneyConstants.VAR_RECENT_ACTIVITY;

import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Create listener of "WeCom 1:1 care" user tasks: shows customer service who the member is and what
 * they did last, as task-local variables (gone from the runtime once the task is done).
 */
@Component("careTaskListener")
class CareTaskListener implements TaskListener {

  private final ContactDirectory contacts;
  private final RecentActivity recentActivity;

  CareTaskListener(ContactDirectory contacts, RecentActivity recentActivity) {
    this.contacts = contacts;
    this.recentActivity = recentActivity;
  }

  @Override
  public void notify(DelegateTask task) {
    String id = JourneyContact.of(task);
    task.setVariablesLocal(
        Map.of(
            VAR_MEMBER_NAME,
            contacts.find(id).map(ContactView::displayName).orElse(id),
            VAR_RECENT_ACTIVITY,
            SalesTaskListener.describe(
                recentActivity.latest(id, SalesTaskListener.RECENT_EVENTS))));
  }
}
