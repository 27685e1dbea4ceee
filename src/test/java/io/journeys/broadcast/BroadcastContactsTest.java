package io.journeys.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.contact.ContactErased;
import io.journeys.contact.ContactsMerged;
import io.journeys.contact.H2SpringTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erased contacts leave the broadcasts' recipients; merged ones are re-keyed, once per broadcast.
 */
@H2SpringTest
class BroadcastContactsTest {

  @Autowired BroadcastStore store;
  @Autowired ApplicationEventPublisher events;
  @Autowired TransactionTemplate tx;

  @Test
  void erasedContactsLeaveAndMergedOnesAreRekeyedOnce() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String gone = "c-gone-" + run;
    String survivor = "c-survivor-" + run;
    String merged = "c-merged-" + run;
    String both = broadcast(List.of(gone, survivor, merged));
    String onlyMerged = broadcast(List.of(merged));

    tx.executeWithoutResult(
        s -> {
          events.publishEvent(new ContactErased(gone));
          events.publishEvent(new ContactsMerged(survivor, merged));
        });

    assertThat(store.recipients(both, 0)).containsExactly(survivor);
    assertThat(store.recipients(onlyMerged, 0)).containsExactly(survivor);
  }

  private String broadcast(List<String> contacts) {
    String id = UUID.randomUUID().toString();
    Instant at = Instant.parse("2026-10-01T02:00:00Z");
    List<BroadcastSchedule.Slot> slots =
        BroadcastSchedule.plan(
            contacts,
            LocalDate.of(2026, 10, 1),
            LocalTime.of(10, 0),
            java.time.ZoneId.of("Asia/Shanghai"),
            false,
            null,
            java.util.Map.of());
    assertThat(slots).extracting(BroadcastSchedule.Slot::sendAt).containsOnly(at);
    store.insert(
        new BroadcastStore.Row(
            id,
            "test",
            "email",
            "broadcast-new-arrival",
            LocalDate.of(2026, 10, 1),
            LocalTime.of(10, 0),
            "Asia/Shanghai",
            false,
            null,
            null,
            null,
            Instant.now(),
            null,
            null),
        slots);
    return id;
  }
}
