package io.journeys.contact;

import java.util.Optional;

/**
 * A section another feature adds to {@code GET /api/contacts/{id}} (e.g. the score breakdown), so
 * that contact needs no dependency on it: implement as a Spring bean; the profile lists each
 * present section under {@link #name()}.
 */
public interface ProfileSection {

  /** The profile property the section appears under, e.g. {@code scoring}. */
  String name();

  /** The section of one contact, empty when it has none. */
  Optional<Object> of(String contactId);
}
