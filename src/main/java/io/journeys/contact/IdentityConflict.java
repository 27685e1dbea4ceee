package io.journeys.contact;

/**
 * An email or phone a contact cannot take: it is suppressed (an erased person's), or another
 * contact has it. Nothing was stored. {@link ContactController} answers it with 409.
 */
final class IdentityConflict extends RuntimeException {

  /** Why the contact cannot take the identity. */
  enum Kind {
    SUPPRESSED,
    IN_USE
  }

  private final String field;
  private final Kind kind;

  /**
   * @param field the identity field, {@code email} or {@code phone}
   */
  IdentityConflict(String field, Kind kind) {
    super(field + (kind == Kind.SUPPRESSED ? " is suppressed" : " belongs to another contact"));
    this.field = field;
    this.kind = kind;
  }

  String field() {
    return field;
  }

  Kind kind() {
    return kind;
  }
}
