package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.journeys.contact.Channel;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The channel task's step: the request it queues, the variables it sets, the job it creates. */
class SendMessageDelegateTest {

  private final MessageSender sender = mock(MessageSender.class);
  private final DispatchJobsEnginePlugin jobs = mock(DispatchJobsEnginePlugin.class);
  private final ExecutionEntity execution = mock(ExecutionEntity.class);
  private final ExecutionEntity instance = mock(ExecutionEntity.class);

  private SendRequest run(Map<String, Object> variables) {
    ProcessDefinitionEntity definition = new ProcessDefinitionEntity();
    definition.setKey("lead-nurturing");
    when(execution.getVariable(any()))
        .thenAnswer(i -> variables.get(i.getArgument(0, String.class)));
    when(execution.getVariables())
        .thenReturn(new org.camunda.bpm.engine.variable.impl.VariableMapImpl(variables));
    when(execution.getProcessInstanceId()).thenReturn("pi-7");
    // the contact is the business key; a contactId variable does not redirect the send (finding 6)
    when(execution.getProcessBusinessKey()).thenReturn("c-1");
    when(execution.getCurrentActivityId()).thenReturn("Task_SendWelcomeEmail");
    when(execution.getProcessInstance()).thenReturn(instance);
    when(execution.getProcessDefinition()).thenReturn(definition);
    when(sender.queue(any(), any())).thenReturn(new MessageSender.Queued("m-1", "SENT", true));

    new SendMessageDelegate(sender, jobs).execute(execution);

    ArgumentCaptor<SendRequest> request = ArgumentCaptor.forClass(SendRequest.class);
    verify(sender).queue(request.capture(), eq("lead-nurturing"));
    return request.getValue();
  }

  @Test
  void queuesWithTheStepKeySetsLastMessageIdAndWaitsForItsDispatchJob() {
    Map<String, Object> variables =
        new HashMap<>(
            Map.of(
                "contactId",
                "c-1",
                "channel",
                "email",
                "template",
                "lead-welcome",
                "source",
                "form-1"));

    variables.put("contactId", "c-victim"); // overwritten by whoever completed a task

    SendRequest request = run(variables);

    assertThat(request.idempotencyKey()).isEqualTo("pi-7:Task_SendWelcomeEmail:0");
    assertThat(request.contactId()).isEqualTo("c-1");
    assertThat(request.channel()).isEqualTo(Channel.EMAIL);
    assertThat(request.template()).isEqualTo("lead-welcome");
    assertThat(request.variables()).containsEntry("source", "form-1");
    verify(instance).setVariable("lastMessageId", "m-1");
    verify(instance).setVariable("lastSendVerdict", "SENT");
    verify(jobs).schedule(execution, "m-1");
  }

  @Test
  void loopCounterIsPartOfTheKey() {
    Map<String, Object> variables =
        new HashMap<>(
            Map.of(
                "contactId",
                "c-1",
                "channel",
                "sms",
                "template",
                "cart-sms-video",
                "loopCounter",
                2));

    assertThat(run(variables).idempotencyKey()).isEqualTo("pi-7:Task_SendWelcomeEmail:2");
  }

  @Test
  void anUnknownChannelNameOfTheModelFailsTheStepBeforeAnythingIsQueued() {
    when(execution.getVariable(any()))
        .thenAnswer(
            i -> Map.of("channel", "fax", "template", "cart-sms-video").get(i.getArgument(0)));
    when(execution.getProcessBusinessKey()).thenReturn("c-1");

    assertThatThrownBy(() -> new SendMessageDelegate(sender, jobs).execute(execution))
        .isInstanceOf(MessageSendException.class)
        .hasMessage("unknown channel 'fax'");
    verify(sender, never()).queue(any(), any());
  }
}
