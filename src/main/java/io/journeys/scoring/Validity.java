package io.journeys.scoring;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How long a criterion's points count, as written in the rules table's "Counts for" column: {@code
 * forever}, a window ({@code P90D}: full points until 90 days after the event, then none) or a
 * half-life ({@code half-life P30D}: points × 0.5^(age / 30 days)).
 */
record Validity(Kind kind, Duration length) {

  enum Kind {
    FOREVER,
    WINDOW,
    HALF_LIFE
  }

  static final Validity FOREVER = new Validity(Kind.FOREVER, null);
  private static final String HALF_LIFE = "half-life";

  static Validity parse(String text) {
    if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("forever")) {
      return FOREVER;
    }
    String t = text.trim();
    boolean halfLife = t.toLowerCase(Locale.ROOT).startsWith(HALF_LIFE);
    String period = halfLife ? t.substring(HALF_LIFE.length()).trim() : t;
    Duration length;
    try {
      length = Duration.ofDays(Period.parse(period).getDays());
      if (length.isZero()) {
        length = Duration.parse(period);
      }
    } catch (DateTimeParseException e) {
      try {
        length = Duration.parse(period);
      } catch (DateTimeParseException again) {
        throw new IllegalArgumentException(
            "'" + text + "' is not forever, a period such as P90D" + " or half-life P30D", again);
      }
    }
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("'" + text + "' needs a positive period");
    }
    return new Validity(halfLife ? Kind.HALF_LIFE : Kind.WINDOW, length);
  }

  /** When a window's points stop counting; null for forever and half-life. */
  Instant expiresAt(Instant occurredAt) {
    return kind == Kind.WINDOW ? occurredAt.plus(length) : null;
  }

  /** The share of the points that still counts at {@code now} (1, 0 or a decayed fraction). */
  double factor(Instant occurredAt, Instant now) {
    return switch (kind) {
      case FOREVER -> 1.0;
      case WINDOW -> now.isBefore(occurredAt.plus(length)) ? 1.0 : 0.0;
      case HALF_LIFE -> {
        double age = Math.max(0, Duration.between(occurredAt, now).toSeconds());
        yield Math.pow(0.5, age / (double) length.toSeconds());
      }
    };
  }

  /**
   * Whether an occurrence still takes one of the criterion's "at most" places: a window's until it
   * expires, a half-life's for three half-lives (while it weighs 12.5 % or more), forever's always.
   */
  boolean occupies(Instant occurredAt, Instant now) {
    return switch (kind) {
      case FOREVER -> true;
      case WINDOW -> now.isBefore(occurredAt.plus(length));
      case HALF_LIFE -> now.isBefore(occurredAt.plus(length.multipliedBy(3)));
    };
  }

  /** How it reads in the rules table and the score breakdown. */
  String describe() {
    return switch (kind) {
      case FOREVER -> "forever";
      case WINDOW -> "P" + length.toDays() + "D";
      case HALF_LIFE -> "half-life P" + length.toDays() + "D";
    };
  }
}
