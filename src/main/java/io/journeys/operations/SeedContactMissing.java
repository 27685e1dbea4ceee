package io.journeys.operations;

/**
 * A trial run with {@code "sends": "seeds"} while no seed contact is configured ({@code
 * journeys.operations.trial.seed-contact}) or the configured one does not exist. Nothing started.
 * {@link OperationsErrors} answers it with 400.
 */
final class SeedContactMissing extends RuntimeException {

  private final String configured;

  /**
   * @param configured the configured seed contact id, null when none is
   */
  SeedContactMissing(String configured) {
    super(
        configured == null
            ? "no seed contact configured"
            : "seed contact " + configured + " does not exist");
    this.configured = configured;
  }

  /** The configured id, null when none is. */
  String configured() {
    return configured;
  }
}
