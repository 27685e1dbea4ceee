package io.journeys.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.event.EventTypes;
import io.journeys.journey.JourneyTestDoubles.InMemoryContacts;
import io.journeys.journey.SeedJourneys.InMemoryEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What "Read contact" puts into the journey's variables. */
class ReadContactDelegateTest {

  static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

  InMemoryContacts contacts = new InMemoryContacts();
  InMemoryEvents events = new InMemoryEvents();
  ReadContactDelegate delegate = new ReadContactDelegate(contacts, events, contactId -> false);

  @Test
  void readsTagsOrderCountsBrowsingWatchedProductsAndTheBestChannel() {
    contacts.contacts.put(
        "c-1",
        SeedJourneys.contact(
            "c-1",
            Set.of("price-sensitive", "high-value-dormant"),
            Map.of("age", 30, "wecomUserId", "wx-1")));
    events
        .add("c-1", EventTypes.ORDER_PLACED, NOW.minus(days(10)), Map.of())
        .add("c-1", EventTypes.ORDER_PLACED, NOW.minus(days(179)), Map.of())
        .add("c-1", EventTypes.ORDER_PLACED, NOW.minus(days(181)), Map.of())
        .add("c-2", EventTypes.ORDER_PLACED, NOW.minus(days(1)), Map.of())
        .add(
            "c-1",
            EventTypes.PRODUCT_VIEWED,
            NOW.minus(Duration.ofHours(1)),
            Map.of("productId", "p-1", "productName", "Merino scarf", "durationSeconds", 100))
        .add(
            "c-1",
            EventTypes.PRODUCT_VIEWED,
            NOW.minus(Duration.ofHours(2)),
            Map.of("productId", "p-2", "durationSeconds", 90))
        .add(
            "c-1",
            EventTypes.PRODUCT_VIEWED,
            NOW.minus(Duration.ofHours(30)),
            Map.of("productId", "p-3", "durationSeconds", 500))
        .add(
            "c-1",
            EventTypes.CART_ADDED,
            NOW.minus(Duration.ofHours(3)),
            Map.of("productId", "p-1", "productName", "Merino scarf"))
        .add("c-1", EventTypes.CART_ADDED, NOW.minus(days(200)), Map.of("productId", "p-old"));

    Map<String, Object> read = delegate.read("c-1", NOW);

    assertThat(read)
        .containsEntry("tags", List.of("high-value-dormant", "price-sensitive"))
        .containsEntry("lifecycleStage", "customer")
        .containsEntry("score", 0)
        .containsEntry("ordersHalfYear", 2)
        .containsEntry("ordersTotal", 3)
        .containsEntry("productViewSeconds", 190L)
        .containsEntry("watchedProducts", List.of("Merino scarf", "p-2", "p-3"))
        .containsEntry("bestChannel", "wecom");
  }

  @Test
  void anUnknownContactReadsAsEmpty() {
    assertThat(delegate.read("c-unknown", NOW))
        .containsEntry("tags", List.of())
        .containsEntry("ordersHalfYear", 0)
        .containsEntry("ordersTotal", 0)
        .containsEntry("productViewSeconds", 0L)
        .containsEntry("watchedProducts", List.of())
        .containsEntry("bestChannel", "email");
  }

  private static Duration days(int days) {
    return Duration.ofDays(days);
  }
}
