package io.journeys.segment;

import java.util.List;
import java.util.TreeSet;

/**
 * The contact fields a segment condition may name ({@code {"field": …}}; anything else is an {@code
 * attribute}): one vocabulary for the parser ({@link Definitions}), the loader of a contact's facts
 * ({@link FactLoader}, which reads the text fields in this order) and the evaluation ({@link
 * Evaluation}).
 */
final class ContactFields {

  /** The text fields, in the order {@link FactLoader} reads them. */
  static final List<String> TEXT =
      List.of("email", "phone", "firstName", "lastName", "timezone", "locale", "lifecycleStage");

  /** The lead score, a number. */
  static final String SCORE = "score";

  /** When the contact was created; compared in days ({@code olderThanDays}, {@code withinDays}). */
  static final String CREATED_AT = "createdAt";

  private ContactFields() {}

  static boolean known(String name) {
    return TEXT.contains(name) || SCORE.equals(name) || CREATED_AT.equals(name);
  }

  /** The names, as a problem report lists them. */
  static String describe() {
    return String.join(", ", new TreeSet<>(TEXT)) + ", " + SCORE + ", " + CREATED_AT;
  }
}
