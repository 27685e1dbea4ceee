package io.journeys.contact;

/**
 * A contact id outside {@code 1-100 of A-Z a-z 0-9 . _ : @ + -}. Nothing was read or stored. {@link
 * ContactController} answers it with 400.
 */
final class InvalidContactId extends RuntimeException {

  InvalidContactId() {
    super("invalid contact id");
  }
}
