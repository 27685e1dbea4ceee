package io.journeys.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.broadcast.BroadcastSchedule.Slot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Send times and batches of {@link BroadcastSchedule}. */
class BroadcastScheduleTest {

  static final LocalDate OCT_1 = LocalDate.of(2026, 10, 1);
  static final LocalTime TEN = LocalTime.of(10, 0);
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Test
  void aFixedZoneSendsEveryoneAtOnce() {
    List<Slot> slots =
        BroadcastSchedule.plan(
            List.of("a", "b", "c"),
            OCT_1,
            TEN,
            SHANGHAI,
            false,
            null,
            Map.of("a", "America/New_York"));

    assertThat(slots).extracting(Slot::batch).containsOnly(0);
    assertThat(slots)
        .extracting(Slot::sendAt)
        .containsOnly(Instant.parse("2026-10-01T02:00:00Z")); // 10:00 in Shanghai, UTC+8
    assertThat(slots).extracting(Slot::position).containsExactly(0, 1, 2);
  }

  @Test
  void dailyBatchesOfNTakeTheRecipientsInOrderOneDayApart() {
    List<Slot> slots =
        BroadcastSchedule.plan(
            List.of("a", "b", "c", "d", "e"), OCT_1, TEN, SHANGHAI, false, 2, Map.of());

    assertThat(slots).extracting(Slot::batch).containsExactly(0, 0, 1, 1, 2);
    assertThat(slots.get(2).sendAt()).isEqualTo(Instant.parse("2026-10-02T02:00:00Z"));
    assertThat(slots.get(4).sendAt()).isEqualTo(Instant.parse("2026-10-03T02:00:00Z"));
  }

  @Test
  void localTimeIsEachContactsZoneOrTheFallback() {
    List<Slot> slots =
        BroadcastSchedule.plan(
            List.of("ny", "none", "bad", "london"),
            OCT_1,
            TEN,
            SHANGHAI,
            true,
            3,
            Map.of("ny", "America/New_York", "bad", "Mars/Base", "london", "Europe/London"));

    assertThat(slots.get(0).sendAt()).isEqualTo(Instant.parse("2026-10-01T14:00:00Z")); // EDT
    assertThat(slots.get(1).sendAt()).isEqualTo(Instant.parse("2026-10-01T02:00:00Z"));
    assertThat(slots.get(2).sendAt()).isEqualTo(Instant.parse("2026-10-01T02:00:00Z"));
    // the second batch, a day later, in London (BST, UTC+1)
    assertThat(slots.get(3).sendAt()).isEqualTo(Instant.parse("2026-10-02T09:00:00Z"));
  }

  @Test
  void aDaylightSavingChangeBetweenBatchesKeepsTheWallClockTime() {
    // New York leaves daylight saving time on 2026-11-01
    List<Slot> slots =
        BroadcastSchedule.plan(
            List.of("a", "b"),
            LocalDate.of(2026, 10, 31),
            TEN,
            ZoneId.of("America/New_York"),
            false,
            1,
            Map.of());

    assertThat(slots.get(0).sendAt()).isEqualTo(Instant.parse("2026-10-31T14:00:00Z"));
    assertThat(slots.get(1).sendAt()).isEqualTo(Instant.parse("2026-11-01T15:00:00Z"));
  }
}
