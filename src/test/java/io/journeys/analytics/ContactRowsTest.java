package io.journeys.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.contact.ContactErased;
import io.journeys.contact.ContactsMerged;
import io.journeys.event.StoredEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Analytics rows follow erasures and merges of their contact. */
class ContactRowsTest {

  private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");
  private final AnalyticsFixtures store = new AnalyticsFixtures();
  private final ContactRows rows = new ContactRows(store.jdbc, store.flows);

  private void data(String contact, String instance) {
    store.flows.instanceStarted(instance, "j", 1, contact, T, null);
    store.experiments.assign("x", contact, Experiments.parseArms("a:50,b:50"), "j", instance, T);
    store.goals.on(new StoredEvent("o-" + contact, "order.placed", contact, T, Map.of()));
    store.jdbc.update(
        "insert into analytics_control_member (contact_id, joined_at, percent)"
            + " values (?, ?, 5)",
        contact,
        java.sql.Timestamp.from(T));
  }

  @Test
  void anErasureRemovesTheContactsRows() {
    data("c-1", "pi-1");
    rows.on(new ContactErased("c-1"));
    for (String table :
        new String[] {"analytics_assignment", "analytics_order", "analytics_control_member"}) {
      assertThat(count("select count(*) from " + table + " where contact_id = 'c-1'"))
          .as(table)
          .isZero();
    }
    assertThat(count("select count(*) from analytics_entry where contact_id is null")).isOne();
  }

  @Test
  void aMergeMovesThemToTheSurvivorWhoseRowsWin() {
    data("c-1", "pi-1");
    data("c-2", "pi-2");
    String survivorArm =
        store.jdbc.queryForObject(
            "select arm from analytics_assignment" + " where contact_id = 'c-1'", String.class);
    rows.on(new ContactsMerged("c-1", "c-2"));
    assertThat(count("select count(*) from analytics_assignment where contact_id = 'c-1'")).isOne();
    assertThat(
            store.jdbc.queryForObject(
                "select arm from analytics_assignment" + " where contact_id = 'c-1'", String.class))
        .isEqualTo(survivorArm);
    assertThat(count("select count(*) from analytics_control_member")).isOne();
    assertThat(count("select count(*) from analytics_order where contact_id = 'c-1'")).isEqualTo(2);
    assertThat(count("select count(*) from analytics_entry where contact_id = 'c-1'")).isEqualTo(2);
  }

  private long count(String sql) {
    return store.jdbc.queryForObject(sql, Long.class);
  }
}
