package io.journeys.event;

/**
 * A Kafka record that can never become an event (not JSON, invalid): it goes to the dead-letter
 * topic at once, without retries. The message is the reason; it never contains personal data.
 */
class RejectedEventException extends RuntimeException {

  RejectedEventException(String reason) {
    super(reason);
  }
}
