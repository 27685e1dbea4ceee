package io.journeys.journey;

import static io.journeys.journey.JourneyConstants.VAR_LEAD_SCORE;

import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Read lead score" task: copies the contact's current score into the process variable {@code
 * leadScore}, so that a gateway after it tests a plain variable (e.g. {@code ${leadScore >= 50}}).
 * A contact without profile scores 0.
 */
@Component("readLeadScoreDelegate")
class ReadLeadScoreDelegate implements JavaDelegate {

  private final ContactDirectory contacts;

  ReadLeadScoreDelegate(ContactDirectory contacts) {
    this.contacts = contacts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    int score = contacts.find(JourneyContact.of(execution)).map(ContactView::score).orElse(0);
    execution.setVariable(VAR_LEAD_SCORE, score);
  }
}
