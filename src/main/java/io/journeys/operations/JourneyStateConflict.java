package io.journeys.operations;

/**
 * An operator's control (pause, resume, stop-entry, stop, a trial run) that the journey's present
 * state does not allow: it is paused, stopped or running already, changed by an operator or another
 * node in between. Nothing changed. {@link OperationsErrors} answers it with 409.
 */
final class JourneyStateConflict extends RuntimeException {

  private final Control.State state;

  JourneyStateConflict(Control.State state) {
    super("journey is " + state.name().toLowerCase());
    this.state = state;
  }

  Control.State state() {
    return state;
  }
}
