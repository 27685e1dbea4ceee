package io.journeys.contact;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Contact's published read of a profile for other features (the marketer's console): the document
 * of {@code GET /api/contacts/{id}} (docs/contacts.md), with recent events, recent messages and
 * active journeys, as a JSON-like map.
 */
@Component
public class ContactReads {

  private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() {};

  private final ContactService contacts;
  private final ObjectMapper json;

  ContactReads(ContactService contacts, ObjectMapper json) {
    this.contacts = contacts;
    this.json = json;
  }

  /** The profile of {@code contactId}; empty when unknown. */
  public Optional<Map<String, Object>> profile(String contactId) {
    return contacts.profile(contactId).map(p -> json.convertValue(p, DOCUMENT));
  }
}
