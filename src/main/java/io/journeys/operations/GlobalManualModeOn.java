package io.journeys.operations;

/**
 * A journey may not go back to automatic sends while global manual mode is on. Nothing changed.
 * {@link OperationsErrors} answers it with 409.
 */
final class GlobalManualModeOn extends RuntimeException {

  GlobalManualModeOn() {
    super("global manual mode is on");
  }
}
