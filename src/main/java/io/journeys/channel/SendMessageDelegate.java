package io.journeys.channel;

import io.journeys.contact.Channel;
import io.journeys.journey.JourneyConstants;
import io.journeys.journey.JourneyContact;
import org.camunda.bpm.engine.impl.bpmn.behavior.AbstractBpmnActivityBehavior;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityExecution;
import org.springframework.stereotype.Component;

/**
 * Behind every channel task ({@code camunda:delegateExpression="${sendMessageDelegate}"}, input
 * parameters {@code channel} and {@code template}). In the task's job transaction it writes the
 * message to the outbox once per step of the instance (key {@code
 * processInstanceId:activityId:loop}) and sets {@code lastMessageId} and {@code lastSendVerdict}. A
 * message to deliver leaves the task waiting for its dispatch job ({@link
 * DispatchJobsEnginePlugin}, created in the same transaction), which delivers it and then moves the
 * journey on; a message the send rules skip or suppress leaves the task at once. A failure throws
 * (retry cycle, then incident); a deferral (quiet hours) throws {@link SendDeferredException},
 * which reschedules the job without using a retry.
 */
@Component("sendMessageDelegate")
class SendMessageDelegate extends AbstractBpmnActivityBehavior {

  private final MessageSender sender;
  private final DispatchJobsEnginePlugin dispatchJobs;

  SendMessageDelegate(MessageSender sender, DispatchJobsEnginePlugin dispatchJobs) {
    this.sender = sender;
    this.dispatchJobs = dispatchJobs;
  }

  @Override
  public void execute(ActivityExecution execution) {
    Object name = execution.getVariable(JourneyConstants.PARAM_CHANNEL);
    Channel channel =
        Channel.parse(name == null ? null : name.toString())
            .orElseThrow(() -> new MessageSendException("unknown channel '" + name + "'"));
    String template = (String) execution.getVariable(JourneyConstants.PARAM_TEMPLATE);
    String contactId = JourneyContact.of(execution);
    int loop =
        execution.getVariable(JourneyConstants.VAR_LOOP_COUNTER) instanceof Number n
            ? n.intValue()
            : 0;
    String key =
        SendRequest.key(execution.getProcessInstanceId(), execution.getCurrentActivityId(), loop);
    MessageSender.Queued queued =
        sender.queue(
            new SendRequest(
                key,
                contactId,
                channel,
                template,
                execution.getProcessInstanceId(),
                execution.getCurrentActivityId(),
                execution.getVariables()),
            journeyKey(execution));
    execution
        .getProcessInstance()
        .setVariable(JourneyConstants.VAR_LAST_MESSAGE_ID, queued.messageId());
    execution
        .getProcessInstance()
        .setVariable(JourneyConstants.VAR_LAST_SEND_VERDICT, queued.verdict());
    if (queued.toDeliver()) {
      dispatchJobs.schedule((ExecutionEntity) execution, queued.messageId());
    } else {
      leave(execution);
    }
  }

  /** The dispatch job delivered the message: the journey goes on. */
  @Override
  public void signal(ActivityExecution execution, String signalName, Object signalData) {
    leave(execution);
  }

  private static String journeyKey(ActivityExecution execution) {
    return execution instanceof ExecutionEntity entity && entity.getProcessDefinition() != null
        ? entity.getProcessDefinition().getKey()
        : null;
  }
}
