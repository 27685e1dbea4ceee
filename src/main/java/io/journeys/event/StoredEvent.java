package io.journeys.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * An event after validation, contact resolution and storage. Published as a Spring application
 * event inside the storing transaction, once per new event (a duplicate id is not published again),
 * so that other features (journeys, segments, analytics) react to it.
 */
public record StoredEvent(
    String id, String type, String contactId, Instant occurredAt, Map<String, Object> properties) {

  /**
   * The event's {@code amount} property (an order's value, docs/contract.md §1): a number or a
   * numeric string; anything else, or none, is 0.
   */
  public BigDecimal amount() {
    Object value = properties == null ? null : properties.get("amount");
    if (value instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    if (value instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException e) {
        return BigDecimal.ZERO;
      }
    }
    return BigDecimal.ZERO;
  }
}
