package io.journeys.support;

import io.journeys.channel.DeliveryObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fault injection for the integration tests at the one moment that matters for exactly-once
 * delivery: after the provider accepted a message and before its row is marked. A test arms it for
 * one contact; the next message of that contact runs the action (throw to simulate a crash, block
 * to hold the message in flight), once.
 */
public final class DeliveryFaults implements DeliveryObserver {

  private final JdbcTemplate jdbc;
  private final Map<String, Consumer<String>> armed = new ConcurrentHashMap<>();

  DeliveryFaults(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Runs {@code action} with the message id when the next message to the contact was accepted. */
  public void arm(String contactId, Consumer<String> action) {
    armed.put(contactId, action);
  }

  /** An action that simulates the process dying right after the provider accepted. */
  public static Consumer<String> crash() {
    return id -> {
      throw new IllegalStateException("injected crash after the provider accepted " + id);
    };
  }

  @Override
  public void accepted(String messageId) {
    if (armed.isEmpty()) {
      return;
    }
    String contactId =
        jdbc.queryForObject("select contact_id from message where id = ?", String.class, messageId);
    Consumer<String> action = armed.remove(contactId);
    if (action != null) {
      action.accept(messageId);
    }
  }
}
