package io.journeys.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The embedded default's demo contacts ({@code demo/contacts.json}), created through the same
 * validation as {@code PUT /api/contacts/{id}} when they do not exist yet.
 */
@Component
@Profile("embedded")
class DemoContacts {

  private final ContactService contacts;
  private final ObjectMapper json;

  DemoContacts(ContactService contacts, ObjectMapper json) {
    this.contacts = contacts;
    this.json = json;
  }

  @EventListener(ApplicationReadyEvent.class)
  void createDemoContacts() {
    JsonNode all = read();
    for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (contacts.find(entry.getKey()).isPresent()) {
        continue;
      }
      List<ContactInput.Problem> problems = new ArrayList<>();
      ContactInput input = ContactInput.read(entry.getValue(), json, problems);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("invalid demo contact " + entry.getKey() + ": " + problems);
      }
      contacts.put(entry.getKey(), input);
    }
  }

  private JsonNode read() {
    try (InputStream in = new ClassPathResource("demo/contacts.json").getInputStream()) {
      return json.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("demo/contacts.json is unreadable", e);
    }
  }
}
