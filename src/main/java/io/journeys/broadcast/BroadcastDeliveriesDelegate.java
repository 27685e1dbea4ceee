package io.journeys.broadcast;

import io.journeys.journey.JourneyConstants;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Behind {@code Task_StartDeliveries} of {@code bpmn/broadcast.bpmn}: starts one {@code
 * broadcast-delivery} instance per recipient of the current batch (business key: the contact;
 * variables broadcastId, contactId, channel, template, sendAt), all in the task's job transaction,
 * so a failure starts none and the retry starts them all. The deliveries are independent instances,
 * not called ones: a batch of thousands whose deliveries end at the same time would otherwise all
 * update the one calling instance and fail on optimistic locking.
 */
@Component("broadcastDeliveries")
class BroadcastDeliveriesDelegate implements JavaDelegate {

  private final BroadcastRecipients plan;

  BroadcastDeliveriesDelegate(BroadcastRecipients plan) {
    this.plan = plan;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String broadcastId = (String) execution.getVariable(JourneyConstants.VAR_BROADCAST_ID);
    int batch = ((Number) execution.getVariable(BroadcastService.VAR_BATCH)).intValue();
    RuntimeService runtime = execution.getProcessEngineServices().getRuntimeService();
    for (String contactId : plan.recipients(broadcastId, batch)) {
      Map<String, Object> variables = new HashMap<>();
      variables.put(JourneyConstants.VAR_BROADCAST_ID, broadcastId);
      variables.put(JourneyConstants.VAR_CONTACT_ID, contactId);
      variables.put(
          BroadcastService.VAR_CHANNEL, execution.getVariable(BroadcastService.VAR_CHANNEL));
      variables.put(
          BroadcastService.VAR_TEMPLATE, execution.getVariable(BroadcastService.VAR_TEMPLATE));
      variables.put(JourneyConstants.VAR_SEND_AT, plan.sendAt(broadcastId, contactId));
      runtime.startProcessInstanceByKey(
          JourneyConstants.PROCESS_BROADCAST_DELIVERY, contactId, variables);
    }
  }
}
