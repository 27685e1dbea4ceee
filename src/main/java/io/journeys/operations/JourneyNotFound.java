package io.journeys.operations;

/** No journey of this process key is deployed. {@link OperationsErrors} answers it with 404. */
final class JourneyNotFound extends RuntimeException {

  private final String key;

  JourneyNotFound(String key) {
    super("no journey " + key);
    this.key = key;
  }

  String key() {
    return key;
  }
}
