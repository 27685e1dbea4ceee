package io.journeys.segment;

/**
 * A change the segments as they stand do not allow: a new segment's key is taken, or the built-in
 * segment would be deleted. Nothing changed. {@link SegmentController} answers it with 409.
 */
final class SegmentConflict extends RuntimeException {

  /** Why the change is refused. */
  enum Kind {
    /** A segment of this key exists: change it with PUT instead. */
    EXISTS,
    /** The built-in {@code dormant} segment starts dormant-win-back; it cannot be deleted. */
    BUILT_IN
  }

  private final String key;
  private final Kind kind;

  SegmentConflict(String key, Kind kind) {
    super("segment " + key + (kind == Kind.EXISTS ? " exists" : " is built in"));
    this.key = key;
    this.kind = kind;
  }

  String key() {
    return key;
  }

  Kind kind() {
    return kind;
  }
}
