package io.journeys.broadcast;

/** No broadcast of this id. {@link BroadcastErrors} answers it with 404. */
final class BroadcastNotFound extends RuntimeException {

  private final String id;

  BroadcastNotFound(String id) {
    super("no broadcast " + id);
    this.id = id;
  }

  String id() {
    return id;
  }
}
