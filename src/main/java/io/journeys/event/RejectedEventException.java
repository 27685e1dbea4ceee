package io.journeys.event;

/**
 * A Kafka record that can never become an event (not JSON, invalid, refused by the database with a
 * data error): it goes to the dead-letter topic at once, without retries. The message is the
 * reason; it never contains personal data.
 */
class RejectedEventException extends RuntimeException {

  RejectedEventException(String reason) {
    super(reason);
  }

  RejectedEventException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
