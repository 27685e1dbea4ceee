package io.journeys.segment;

/** No segment of this key. {@link SegmentController} answers it with 404. */
final class SegmentNotFound extends RuntimeException {

  private final String key;

  SegmentNotFound(String key) {
    super("no segment " + key);
    this.key = key;
  }

  String key() {
    return key;
  }
}
