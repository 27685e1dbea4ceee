package io.journeys.scoring;

import io.journeys.contact.ContactFacts;
import io.journeys.contact.ContactFacts.ProfileFacts;
import io.journeys.contact.ContactFacts.TagFact;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * "Read contact" task (element template {@code io.journeys.ReadContact}): puts the journey
 * contact's {@code score} (integer), {@code mql} (boolean), {@code lifecycleStage} (string or
 * null) and {@code tags} (a list of tag keys) into process variables, so that a gateway right
 * after it branches on them, e.g. {@code ${mql}} or {@code ${tags.contains('high-intent')}}.
 * {@code tags} is transient: it lives until the next wait state and is not stored with the
 * instance.
 */
@Component("readContactDelegate")
class ReadContactDelegate implements JavaDelegate {

  static final String VAR_CONTACT_ID = "contactId";

  private final ContactFacts contacts;
  private final ContactScores scores;

  ReadContactDelegate(ContactFacts contacts, ContactScores scores) {
    this.contacts = contacts;
    this.scores = scores;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object contactId = execution.getVariable(VAR_CONTACT_ID);
    if (contactId == null) {
      throw new IllegalStateException("'" + VAR_CONTACT_ID + "' is missing at "
          + execution.getCurrentActivityId() + " of " + execution.getProcessDefinitionId());
    }
    String id = contactId.toString();
    ContactScores.Row score = scores.find(List.of(id)).get(id);
    ProfileFacts profile = contacts.profiles(List.of(id)).get(id);
    List<String> tags = new ArrayList<>();
    contacts.tags(List.of(id)).getOrDefault(id, List.of()).stream().map(TagFact::tag).forEach(tags::add);
    execution.setVariable("score", score == null ? 0 : score.total());
    execution.setVariable("mql", score != null && score.mql());
    execution.setVariable("lifecycleStage", profile == null ? null : profile.lifecycleStage());
    execution.setVariable("tags", Variables.objectValue(tags, true).create());
  }
}
