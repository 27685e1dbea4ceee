package io.journeys.journey;

import static io.journeys.journey.JourneyConstants.PARAM_TAG;

import io.journeys.contact.ContactDirectory;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Tag contact" task: adds the tag given as input parameter {@code tag} to the journey's contact.
 * Adding a tag twice is harmless, so a retried job does no harm.
 */
@Component("tagContactDelegate")
class TagContactDelegate implements JavaDelegate {

  private final ContactDirectory contacts;

  TagContactDelegate(ContactDirectory contacts) {
    this.contacts = contacts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String contactId = JourneyContact.of(execution);
    String tag = required(execution, PARAM_TAG);
    contacts.tag(
        contactId,
        tag,
        "journey:"
            + execution.getProcessDefinitionId().split(":")[0]
            + ":"
            + execution.getCurrentActivityId());
  }

  private static String required(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new IllegalStateException(
          "'"
              + name
              + "' is missing at "
              + execution.getCurrentActivityId()
              + " of "
              + execution.getProcessDefinitionId());
    }
    return text;
  }
}
