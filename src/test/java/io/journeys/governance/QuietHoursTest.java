package io.journeys.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

  private final QuietHours quiet = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void daytimeInShanghaiGoesNow() {
    // 10:00 in Shanghai
    assertThat(quiet.deferUntil(Instant.parse("2026-11-23T02:00:00Z"), SHANGHAI)).isEmpty();
    // 20:59:59 in Shanghai
    assertThat(quiet.deferUntil(Instant.parse("2026-11-23T12:59:59Z"), SHANGHAI)).isEmpty();
  }

  @Test
  void eveningInShanghaiWaitsForEightNextMorning() {
    // 22:30 in Shanghai → 08:00 the next day in Shanghai = 00:00 UTC
    assertThat(quiet.deferUntil(Instant.parse("2026-11-23T14:30:00Z"), SHANGHAI))
        .contains(Instant.parse("2026-11-24T00:00:00Z"));
    // exactly 21:00 is quiet
    assertThat(quiet.deferUntil(Instant.parse("2026-11-23T13:00:00Z"), SHANGHAI))
        .contains(Instant.parse("2026-11-24T00:00:00Z"));
  }

  @Test
  void earlyMorningWaitsForEightTheSameDay() {
    // 03:00 in Shanghai on the 24th → 08:00 on the 24th
    assertThat(quiet.deferUntil(Instant.parse("2026-11-23T19:00:00Z"), SHANGHAI))
        .contains(Instant.parse("2026-11-24T00:00:00Z"));
    // 08:00 exactly may go
    assertThat(quiet.deferUntil(Instant.parse("2026-11-24T00:00:00Z"), SHANGHAI)).isEmpty();
  }

  @Test
  void theSameInstantIsQuietInShanghaiButNotInNewYork() {
    Instant instant = Instant.parse("2026-11-23T14:30:00Z"); // 22:30 Shanghai, 09:30 New York
    assertThat(quiet.deferUntil(instant, SHANGHAI)).isPresent();
    assertThat(quiet.deferUntil(instant, NEW_YORK)).isEmpty();
  }

  @Test
  void nightBeforeDstEndsInNewYorkWaitsForLocalEightAfterTheChange() {
    // 2026-11-01 02:00 EDT → 01:00 EST. 22:00 EDT on Oct 31 = 02:00Z Nov 1;
    // 08:00 EST on Nov 1 = 13:00Z (not 12:00Z as it would be with the summer offset)
    assertThat(quiet.deferUntil(Instant.parse("2026-11-01T02:00:00Z"), NEW_YORK))
        .contains(Instant.parse("2026-11-01T13:00:00Z"));
  }

  @Test
  void nightBeforeDstStartsInNewYorkWaitsForLocalEightAfterTheChange() {
    // 2026-03-08 02:00 EST → 03:00 EDT. 23:00 EST on Mar 7 = 04:00Z Mar 8;
    // 08:00 EDT on Mar 8 = 12:00Z
    assertThat(quiet.deferUntil(Instant.parse("2026-03-08T04:00:00Z"), NEW_YORK))
        .contains(Instant.parse("2026-03-08T12:00:00Z"));
    // 01:59 EST = 06:59Z is still quiet; 03:30 EDT = 07:30Z too, both until 12:00Z
    assertThat(quiet.deferUntil(Instant.parse("2026-03-08T07:30:00Z"), NEW_YORK))
        .contains(Instant.parse("2026-03-08T12:00:00Z"));
  }

  @Test
  void anEndInsideTheSpringForwardGapIsTheFirstInstantAfterIt() {
    QuietHours untilHalfPastTwo = new QuietHours(LocalTime.of(21, 0), LocalTime.of(2, 30));
    // 02:30 does not exist in New York on 2026-03-08: the send goes at 03:30 EDT = 07:30Z
    assertThat(untilHalfPastTwo.deferUntil(Instant.parse("2026-03-08T05:00:00Z"), NEW_YORK))
        .contains(Instant.parse("2026-03-08T07:30:00Z"));
  }

  @Test
  void quietHoursWithinOneDayAndNone() {
    QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(14, 0));
    assertThat(lunch.deferUntil(Instant.parse("2026-11-23T05:00:00Z"), SHANGHAI)) // 13:00
        .contains(Instant.parse("2026-11-23T06:00:00Z"));
    assertThat(lunch.deferUntil(Instant.parse("2026-11-23T07:00:00Z"), SHANGHAI)).isEmpty();
    QuietHours none = new QuietHours(LocalTime.of(8, 0), LocalTime.of(8, 0));
    assertThat(none.deferUntil(Instant.parse("2026-11-23T14:30:00Z"), SHANGHAI)).isEmpty();
  }
}
