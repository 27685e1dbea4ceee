package io.journeys.event;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.config.EngineClock;
import io.journeys.event.InvalidEventsException.Problem;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads events from a JSON tree (REST bodies, Kafka values) field by field, so that a wrong type or
 * a malformed {@code occurredAt} is reported for its item and field.
 */
final class EventJson {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private EventJson() {}

  /**
   * One event per item (a single object is a batch of one).
   *
   * @throws InvalidEventsException listing every type or format problem of the items
   */
  static List<IncomingEvent> read(JsonNode root, int maxItems, ObjectMapper json) {
    List<JsonNode> items = new ArrayList<>();
    if (root != null && root.isArray()) {
      root.forEach(items::add);
    } else if (root != null && root.isObject()) {
      items.add(root);
    } else {
      throw new InvalidEventsException(
          List.of(new Problem(0, "", "an event object or an array of them is required")));
    }
    if (items.size() > maxItems) {
      throw new InvalidEventsException(
          List.of(new Problem(maxItems, "", "at most " + maxItems + " events per request")));
    }
    List<Problem> problems = new ArrayList<>();
    List<IncomingEvent> events = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      events.add(item(i, items.get(i), json, problems));
    }
    if (!problems.isEmpty()) {
      throw new InvalidEventsException(problems);
    }
    return events;
  }

  /** Reads one item; its type and format problems go to {@code problems}. */
  static IncomingEvent item(int index, JsonNode node, ObjectMapper json, List<Problem> problems) {
    if (node == null || !node.isObject()) {
      problems.add(new Problem(index, "", "must be an event object"));
      return null;
    }
    int before = problems.size();
    String id = text(index, node, "id", problems);
    String type = text(index, node, "type", problems);
    String contactId = text(index, node, "contactId", problems);
    String email = text(index, node, "email", problems);
    String phone = text(index, node, "phone", problems);
    OffsetDateTime occurredAt = null;
    String when = text(index, node, "occurredAt", problems);
    if (when != null) {
      try {
        occurredAt = OffsetDateTime.parse(when.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      } catch (DateTimeParseException e) {
        problems.add(new Problem(index, "occurredAt", "must be ISO-8601 with an offset"));
      }
    }
    Map<String, Object> properties = null;
    JsonNode props = node.get("properties");
    if (props != null && !props.isNull()) {
      if (props.isObject()) {
        properties = json.convertValue(props, MAP);
      } else {
        problems.add(new Problem(index, "properties", "must be an object"));
      }
    }
    IncomingEvent event =
        new IncomingEvent(id, type, contactId, email, phone, occurredAt, properties);
    if (problems.size() > before) {
      // add the rule checks of the fields that were readable, so the client sees all at once
      List<Problem> rules = new ArrayList<>();
      EventValidator.validate(index, event, EngineClock.now(), json, rules);
      List<String> reported =
          problems.subList(before, problems.size()).stream().map(Problem::field).toList();
      rules.stream().filter(p -> !reported.contains(p.field())).forEach(problems::add);
    }
    return event;
  }

  private static String text(int index, JsonNode node, String field, List<Problem> problems) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      problems.add(new Problem(index, field, "must be a string"));
      return null;
    }
    return v.asText();
  }
}
