package io.journeys.operations;

/** The journey has no trial run of this id. {@link OperationsErrors} answers it with 404. */
final class TrialNotFound extends RuntimeException {

  private final String id;

  TrialNotFound(String id) {
    super("no trial " + id);
    this.id = id;
  }

  String id() {
    return id;
  }
}
