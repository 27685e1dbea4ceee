package io.journeys.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.journeys.config.EngineClock;
import io.journeys.journey.JourneyConstants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Saves, changes and deletes segment definitions. A saved definition is rebuilt in the background:
 * the same transaction starts an instance of {@code segment-dormant-scan} before its batch task
 * with {@code segments = <key>}, so the job executor re-evaluates every contact for that segment a
 * batch per job (entries and leaves announced as always).
 */
@Service
class SegmentService {

  static final String DORMANT = "dormant";
  static final String TASK_BATCH = "Task_ScanDormantSegment";
  static final Pattern KEY = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

  private final SegmentCatalog catalog;
  private final SegmentMembers members;
  private final RuntimeService runtime;

  SegmentService(SegmentCatalog catalog, SegmentMembers members, RuntimeService runtime) {
    this.catalog = catalog;
    this.members = members;
    this.runtime = runtime;
  }

  /** A segment as the API shows it. */
  record View(String key, String name, JsonNode definition, long size, Instant updatedAt) {}

  List<View> list() {
    Map<String, Long> sizes = members.sizes();
    return catalog.all().stream()
        .map(
            s ->
                new View(
                    s.key(),
                    s.name(),
                    s.definition(),
                    sizes.getOrDefault(s.key(), 0L),
                    s.updatedAt()))
        .toList();
  }

  View get(String key) {
    Segment s = catalog.find(key).orElseThrow(() -> new SegmentNotFound(key));
    return new View(s.key(), s.name(), s.definition(), members.size(key), s.updatedAt());
  }

  @Transactional
  public View create(JsonNode body) {
    String key = validKey(body == null ? null : body.get("key"));
    Input input = input(body, key);
    if (catalog.find(key).isPresent()) {
      throw new SegmentConflict(key, SegmentConflict.Kind.EXISTS);
    }
    catalog.insert(key, input.name(), input.definition(), now());
    rebuild(key);
    return get(key);
  }

  @Transactional
  public View update(String key, JsonNode body) {
    if (body != null && body.has("key") && !key.equals(body.get("key").asText())) {
      throw InvalidSegment.of("key", "differs from the path; a key cannot change");
    }
    Input input = input(body, key);
    if (!catalog.update(key, input.name(), input.definition(), now())) {
      throw new SegmentNotFound(key);
    }
    rebuild(key);
    return get(key);
  }

  @Transactional
  public void delete(String key) {
    if (DORMANT.equals(key)) {
      throw new SegmentConflict(key, SegmentConflict.Kind.BUILT_IN);
    }
    if (catalog.find(key).isEmpty()) {
      throw new SegmentNotFound(key);
    }
    members.dropAll(key);
    catalog.delete(key);
  }

  private void rebuild(String key) {
    runtime
        .createProcessInstanceByKey(JourneyConstants.PROCESS_SEGMENT_DORMANT_SCAN)
        .startBeforeActivity(TASK_BATCH)
        .setVariable(DormantSegmentScanDelegate.VAR_SEGMENTS, key)
        .execute();
  }

  private record Input(String name, JsonNode definition) {}

  private static Input input(JsonNode body, String key) {
    List<Map<String, String>> problems = new ArrayList<>();
    if (body == null || !body.isObject()) {
      throw InvalidSegment.of("", "a JSON object with name and definition");
    }
    JsonNode name = body.get("name");
    String text = name == null || !name.isTextual() ? null : name.asText().trim();
    if (text == null
        || text.isEmpty()
        || text.length() > 200
        || text.chars().anyMatch(Character::isISOControl)) {
      problems.add(Map.of("field", "name", "reason", "1-200 characters, no control characters"));
    }
    JsonNode definition = body.get("definition");
    Definitions.Parsed parsed = Definitions.parse(definition);
    problems.addAll(parsed.problems());
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!List.of("key", "name", "definition").contains(field)) {
        problems.add(Map.of("field", field, "reason", "unknown field"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSegment(problems);
    }
    return new Input(text, definition);
  }

  private static String validKey(JsonNode key) {
    if (key == null || !key.isTextual() || !KEY.matcher(key.asText()).matches()) {
      throw InvalidSegment.of(
          "key",
          "1-63 characters: lower-case letters, digits and '-', starting with a letter or digit");
    }
    return key.asText();
  }

  private static Instant now() {
    return EngineClock.now();
  }
}
