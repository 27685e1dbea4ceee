package io.journeys.crm;

import io.journeys.journey.JourneyConstants;
import io.journeys.journey.JourneyContact;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Behind "Sync to CRM" tasks ({@code ${syncToCrmDelegate}}): hands the contact, the journey and the
 * sales outcome (variables {@code outcome}, {@code note}) to the CRM. A refusal throws, so the
 * task's retry cycle retries it and finally raises an incident.
 */
@Component("syncToCrmDelegate")
class SyncToCrmDelegate implements JavaDelegate {

  private final CrmClient crm;

  SyncToCrmDelegate(CrmClient crm) {
    this.crm = crm;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String journey =
        execution
            .getProcessEngineServices()
            .getRepositoryService()
            .getProcessDefinition(execution.getProcessDefinitionId())
            .getKey();
    CrmLead lead =
        new CrmLead(
            JourneyContact.of(execution),
            journey,
            execution.getProcessInstanceId(),
            text(execution.getVariable(JourneyConstants.VAR_OUTCOME)),
            text(execution.getVariable(JourneyConstants.VAR_NOTE)));
    crm.sync(lead, execution.getProcessInstanceId() + ":" + execution.getCurrentActivityId());
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
