package io.journeys.contact;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** A read-only snapshot of a contact for other features (channels, journeys, CRM). */
public record ContactView(
    String id,
    String email,
    String phone,
    String firstName,
    String lastName,
    String timezone,
    String locale,
    String lifecycleStage,
    int score,
    Map<String, Object> attributes,
    Map<String, Boolean> consent,
    Set<String> tags,
    Instant createdAt,
    Instant updatedAt) {

  public String displayName() {
    String name =
        ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
    return name.isEmpty() ? id : name;
  }
}
