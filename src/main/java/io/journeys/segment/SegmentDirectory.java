package io.journeys.segment;

import java.util.List;

/** How other features read segments (e.g. enrollments of a segment into a journey). */
public interface SegmentDirectory {

  boolean exists(String segmentKey);

  /**
   * Current members in contact id order after {@code after} ("" for the first), at most {@code
   * limit}.
   */
  List<String> members(String segmentKey, String after, int limit);

  /** Whether the contact is a member of the segment now (e.g. a journey's rollout filter). */
  boolean isMember(String segmentKey, String contactId);
}
