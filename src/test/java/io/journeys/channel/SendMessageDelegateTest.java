package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class SendMessageDelegateTest {

  private final MessageSender sender = mock(MessageSender.class);
  private final DelegateExecution execution = mock(DelegateExecution.class);
  private final DelegateExecution instance = mock(DelegateExecution.class);

  private SendRequest run(Map<String, Object> variables) throws Exception {
    when(execution.getVariable(any())).thenAnswer(i -> variables.get(i.getArgument(0, String.class)));
    when(execution.getVariables()).thenReturn(new org.camunda.bpm.engine.variable.impl.VariableMapImpl(variables));
    when(execution.getProcessInstanceId()).thenReturn("pi-7");
    when(execution.getCurrentActivityId()).thenReturn("Task_SendWelcomeEmail");
    when(execution.getProcessInstance()).thenReturn(instance);
    when(sender.dispatch(any())).thenReturn(new MessageSender.Result("m-1", "SENT"));

    new SendMessageDelegate(sender).execute(execution);

    ArgumentCaptor<SendRequest> request = ArgumentCaptor.forClass(SendRequest.class);
    verify(sender).dispatch(request.capture());
    return request.getValue();
  }

  @Test
  void sendsWithTheStepKeyAndSetsLastMessageIdOnTheInstance() throws Exception {
    Map<String, Object> variables = new HashMap<>(Map.of(
        "contactId", "c-1", "channel", "email", "template", "lead-welcome", "source", "form-1"));

    SendRequest request = run(variables);

    assertThat(request.idempotencyKey()).isEqualTo("pi-7:Task_SendWelcomeEmail:0");
    assertThat(request.contactId()).isEqualTo("c-1");
    assertThat(request.channel()).isEqualTo("email");
    assertThat(request.template()).isEqualTo("lead-welcome");
    assertThat(request.variables()).containsEntry("source", "form-1");
    verify(instance).setVariable("lastMessageId", "m-1");
    verify(instance).setVariable("lastSendVerdict", "SENT");
  }

  @Test
  void loopCounterIsPartOfTheKey() throws Exception {
    Map<String, Object> variables = new HashMap<>(Map.of(
        "contactId", "c-1", "channel", "sms", "template", "cart-sms-video", "loopCounter", 2));

    assertThat(run(variables).idempotencyKey()).isEqualTo("pi-7:Task_SendWelcomeEmail:2");
  }
}
