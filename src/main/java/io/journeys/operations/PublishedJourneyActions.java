package io.journeys.operations;

import io.journeys.operations.Control.State;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.stereotype.Component;

/** {@link JourneyActions} over the operators' own controls ({@link JourneyOperations}). */
@Component
class PublishedJourneyActions implements JourneyActions {

  private final JourneyRegistry registry;
  private final JourneyControls controls;
  private final JourneyOperations operations;
  private final JourneyMetadata metadata;

  PublishedJourneyActions(
      JourneyRegistry registry,
      JourneyControls controls,
      JourneyOperations operations,
      JourneyMetadata metadata) {
    this.registry = registry;
    this.controls = controls;
    this.operations = operations;
    this.metadata = metadata;
  }

  @Override
  public boolean pause(String journeyKey, String reason) {
    if (latest(journeyKey) == null) {
      return false;
    }
    State state = controls.find(journeyKey).map(Control::state).orElse(State.RUNNING);
    if (state == State.PAUSED || state == State.STOPPED) {
      return false;
    }
    try {
      operations.pause(journeyKey, reason);
      return true;
    } catch (JourneyStateConflict e) {
      return false; // paused or stopped in between, by an operator or another node
    }
  }

  @Override
  public Optional<Responsible> responsible(String journeyKey) {
    ProcessDefinition definition = latest(journeyKey);
    if (definition == null) {
      return Optional.empty();
    }
    Map<String, String> m = metadata.of(definition.getId(), definition.getKey());
    return Optional.of(
        new Responsible(m.get(JourneyMetadata.OWNER), m.get(JourneyMetadata.EMERGENCY_CONTACT)));
  }

  private ProcessDefinition latest(String journeyKey) {
    try {
      return registry.latest(journeyKey);
    } catch (JourneyNotFound e) {
      return null;
    }
  }
}
