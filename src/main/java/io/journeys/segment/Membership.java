package io.journeys.segment;

import io.journeys.event.EventIntake;
import io.journeys.event.EventTypes;
import io.journeys.event.IncomingEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Re-evaluates segments for some contacts and applies the differences, in the caller's transaction:
 * enters the contacts whose conditions hold and who are not members, takes out the members whose
 * conditions no longer hold, and announces each change through the event intake (so entries,
 * leaves, their events and the journeys those start commit or roll back together).
 *
 * <p>Each change is two events: {@code segment.entered} / {@code segment.left} (property {@code
 * segment}) for every segment, and {@code custom.segment.<key>.entered} / {@code .left}, which a
 * journey's message start event can name to start on one segment only ({@code
 * custom.segment.dormant.entered} starts {@code dormant-win-back}).
 */
@Service
class Membership {

  static final String ENTERED = EventTypes.SEGMENT_ENTERED;
  static final String LEFT = EventTypes.SEGMENT_LEFT;

  private final FactLoader facts;
  private final SegmentMembers members;
  private final EventIntake intake;

  Membership(FactLoader facts, SegmentMembers members, EventIntake intake) {
    this.facts = facts;
    this.members = members;
    this.intake = intake;
  }

  /** What a re-evaluation changed. */
  record Changes(int entered, int left) {}

  Changes reevaluate(
      Collection<Segment> segments, Collection<String> contactIds, Instant now, String reason) {
    if (segments.isEmpty() || contactIds.isEmpty()) {
      return new Changes(0, 0);
    }
    Map<String, Facts> known = facts.load(contactIds, segments, now);
    List<IncomingEvent> events = new ArrayList<>();
    int entered = 0;
    int left = 0;
    for (Segment segment : segments) {
      Set<String> in = members.membersAmong(segment.key(), contactIds);
      List<String> entering = new ArrayList<>();
      List<String> leaving = new ArrayList<>();
      for (String contactId : contactIds) {
        Facts f = known.get(contactId);
        if (f == null) {
          continue; // gone (erased or merged away): its rows went with it
        }
        boolean holds = Evaluation.holds(segment.condition(), f, now);
        if (holds && !in.contains(contactId)) {
          entering.add(contactId);
        } else if (!holds && in.contains(contactId)) {
          leaving.add(contactId);
        }
      }
      for (String contactId : members.enterAll(segment.key(), entering, now)) {
        entered++;
        events.addAll(announce(segment.key(), contactId, now, true, reason));
      }
      for (String contactId : members.leaveAll(segment.key(), leaving, now, reason)) {
        left++;
        events.addAll(announce(segment.key(), contactId, now, false, reason));
      }
    }
    if (!events.isEmpty()) {
      intake.ingest(events);
    }
    return new Changes(entered, left);
  }

  /**
   * The two events of an entry or a leave. The per-segment event's id (segment, contact, UTC day)
   * is the one the dormant scan used, so a repeated entry of the same day is a duplicate.
   */
  static List<IncomingEvent> announce(
      String segment, String contactId, Instant at, boolean entered, String reason) {
    OffsetDateTime time = at.atOffset(ZoneOffset.UTC);
    String change = entered ? "entered" : "left";
    Map<String, Object> properties =
        reason == null ? Map.of("segment", segment) : Map.of("segment", segment, "reason", reason);
    String dayId =
        "segment:"
            + segment
            + ":"
            + contactId
            + ":"
            + time.toLocalDate()
            + (entered ? "" : ":left");
    return List.of(
        new IncomingEvent(
            change + ":" + segment + ":" + contactId + ":" + at.toEpochMilli(),
            entered ? ENTERED : LEFT,
            contactId,
            null,
            null,
            time,
            properties),
        new IncomingEvent(
            dayId,
            "custom.segment." + segment + "." + change,
            contactId,
            null,
            null,
            time,
            properties));
  }
}
