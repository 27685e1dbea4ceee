package io.journeys.contact;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The answer of {@code GET /api/contacts/{id}}: the whole profile. */
record ContactProfile(
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
    Set<String> tags,
    Map<String, ConsentState> consent,
    List<Map<String, Object>> recentEvents,
    List<Map<String, Object>> recentMessages,
    List<ActiveJourney> activeJourneys,
    Instant createdAt,
    Instant updatedAt,
    @JsonIgnore Map<String, Object> sections) {

  /** Sections other features add ({@link ProfileSection}), as properties of the profile. */
  @JsonAnyGetter
  Map<String, Object> sectionProperties() {
    return sections;
  }

  /**
   * Consent of one channel with where it came from and when; {@code pendingSince} when it was given
   * but awaits the contact's confirmation (double opt-in), else null.
   */
  record ConsentState(boolean granted, String source, Instant updatedAt, Instant pendingSince) {}

  /** A running journey instance of the contact. */
  record ActiveJourney(String processKey, String processInstanceId) {}
}
