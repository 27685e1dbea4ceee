package io.journeys.operations;

/**
 * No open manual send of the journey has this task id (decided already, or another journey's).
 * {@link OperationsErrors} answers it with 404.
 */
final class ManualSendNotFound extends RuntimeException {

  private final String taskId;

  ManualSendNotFound(String taskId) {
    super("no open manual send " + taskId);
    this.taskId = taskId;
  }

  String taskId() {
    return taskId;
  }
}
