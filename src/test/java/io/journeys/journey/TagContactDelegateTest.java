package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.journeys.journey.JourneyTestDoubles.InMemoryContacts;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;

class TagContactDelegateTest {

  InMemoryContacts contacts = new InMemoryContacts();
  TagContactDelegate delegate = new TagContactDelegate(contacts);

  @Test
  void tagsTheJourneysContactWithTheTagParameter() {
    delegate.execute(execution("c-1", "high-intent"));
    delegate.execute(execution("c-1", "high-intent"));

    assertThat(contacts.tags).containsExactly(java.util.Map.entry("c-1", Set.of("high-intent")));
  }

  @Test
  void aMissingTagFailsTheJobInsteadOfTaggingNothing() {
    assertThatThrownBy(() -> delegate.execute(execution("c-1", " ")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'tag' is missing at Task_Tag");
    assertThatThrownBy(() -> delegate.execute(execution(null, "vip")))
        .hasMessageContaining("has no business key");
    assertThat(contacts.tags).isEmpty();
  }

  private static DelegateExecution execution(String contactId, String tag) {
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getProcessBusinessKey()).thenReturn(contactId);
    // finding 6: the variable may have been overwritten by whoever completed a task
    when(execution.getVariable("contactId")).thenReturn("c-victim");
    when(execution.getVariable("tag")).thenReturn(tag);
    when(execution.getCurrentActivityId()).thenReturn("Task_Tag");
    when(execution.getProcessDefinitionId()).thenReturn("cart-abandonment:1:42");
    return execution;
  }
}
