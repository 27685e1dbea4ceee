package io.journeys.channel;

import io.journeys.journey.JourneyConstants;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Behind every channel task ({@code camunda:delegateExpression="${sendMessageDelegate}"}, input
 * parameters {@code channel} and {@code template}): sends the message once per step of the
 * instance and sets {@code lastMessageId} and {@code lastSendVerdict} (the journey goes on when
 * the send rules skip a message). A failure throws, so the task's retry cycle retries it and
 * finally raises an incident; a deferral (quiet hours) throws {@link SendDeferredException}, which
 * reschedules the job without using up a retry.
 */
@Component("sendMessageDelegate")
class SendMessageDelegate implements JavaDelegate {

  private final MessageSender sender;

  SendMessageDelegate(MessageSender sender) {
    this.sender = sender;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String channel = (String) execution.getVariable(ChannelVariables.CHANNEL);
    String template = (String) execution.getVariable(ChannelVariables.TEMPLATE);
    String contactId = (String) execution.getVariable(JourneyConstants.VAR_CONTACT_ID);
    int loop = execution.getVariable(ChannelVariables.LOOP_COUNTER) instanceof Number n
        ? n.intValue() : 0;
    String key = SendRequest.key(
        execution.getProcessInstanceId(), execution.getCurrentActivityId(), loop);
    MessageSender.Result result = sender.dispatch(new SendRequest(key, contactId, channel,
        template, execution.getProcessInstanceId(), execution.getCurrentActivityId(),
        execution.getVariables()));
    execution.getProcessInstance().setVariable(ChannelVariables.LAST_MESSAGE_ID,
        result.messageId());
    execution.getProcessInstance().setVariable(ChannelVariables.LAST_SEND_VERDICT,
        result.verdict());
  }
}
