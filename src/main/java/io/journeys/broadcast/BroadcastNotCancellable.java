package io.journeys.broadcast;

/**
 * A cancellation of a broadcast that is neither scheduled nor running: its status says so, or it
 * completed while being cancelled (nothing was left waiting). Nothing changed. {@link
 * BroadcastErrors} answers it with 409.
 */
final class BroadcastNotCancellable extends RuntimeException {

  private final String id;
  private final String status;

  /**
   * @param status the broadcast's status, null when it has just completed
   */
  private BroadcastNotCancellable(String id, String status) {
    super("broadcast " + id + (status == null ? " has just completed" : " is " + status));
    this.id = id;
    this.status = status;
  }

  /** The broadcast's status is not SCHEDULED nor RUNNING. */
  static BroadcastNotCancellable inStatus(String id, String status) {
    return new BroadcastNotCancellable(id, status);
  }

  /** Nothing of the broadcast was waiting any more: it has just completed. */
  static BroadcastNotCancellable justCompleted(String id) {
    return new BroadcastNotCancellable(id, null);
  }

  String id() {
    return id;
  }

  /** The status that refused the cancellation; null when the broadcast has just completed. */
  String status() {
    return status;
  }
}
