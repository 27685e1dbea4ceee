package io.journeys.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.journeys.event.EventTypes;
import io.journeys.segment.Condition.Op;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates a segment definition's condition tree (JSON, docs/segments.md): every
 * problem is reported with its path, e.g. {@code definition.all[1].op}.
 */
final class Definitions {

  static final int MAX_DEPTH = 8;
  static final int MAX_CONDITIONS = 50;
  static final int MAX_DAYS = 3650;

  private final List<Map<String, String>> problems = new ArrayList<>();
  private int conditions;

  private Definitions() {}

  /** The parsed tree, or the problems found (never both). */
  record Parsed(Condition condition, List<Map<String, String>> problems) {}

  static Parsed parse(JsonNode definition) {
    Definitions d = new Definitions();
    Condition c = d.node(definition, "definition", 0);
    return d.problems.isEmpty()
        ? new Parsed(c, List.of())
        : new Parsed(null, List.copyOf(d.problems));
  }

  private Condition node(JsonNode n, String path, int depth) {
    if (n == null || !n.isObject() || n.isEmpty()) {
      return problem(path, "a condition object: all, any, not, tag, field, attribute or event");
    }
    if (depth >= MAX_DEPTH) {
      return problem(path, "nested deeper than " + MAX_DEPTH);
    }
    if (++conditions > MAX_CONDITIONS) {
      return problem(path, "more than " + MAX_CONDITIONS + " conditions");
    }
    if (n.has("all") || n.has("any")) {
      String kind = n.has("all") ? "all" : "any";
      if (!only(n, path, kind)) {
        return null;
      }
      JsonNode list = n.get(kind);
      if (!list.isArray() || list.isEmpty()) {
        return problem(path + "." + kind, "a non-empty array of conditions");
      }
      List<Condition> children = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        children.add(node(list.get(i), path + "." + kind + "[" + i + "]", depth + 1));
      }
      return kind.equals("all") ? new Condition.All(children) : new Condition.Any(children);
    }
    if (n.has("not")) {
      return only(n, path, "not")
          ? new Condition.Not(node(n.get("not"), path + ".not", depth + 1))
          : null;
    }
    if (n.has("tag")) {
      if (!only(n, path, "tag")) {
        return null;
      }
      String tag = text(n.get("tag"));
      return tag == null || tag.length() > 100
          ? problem(path + ".tag", "a tag, 1-100 characters")
          : new Condition.Tag(tag);
    }
    if (n.has("field") || n.has("attribute")) {
      return field(n, path);
    }
    if (n.has("event")) {
      return event(n, path);
    }
    return problem(path, "unknown condition; use all, any, not, tag, field, attribute or event");
  }

  private Condition field(JsonNode n, String path) {
    boolean attribute = n.has("attribute");
    String kind = attribute ? "attribute" : "field";
    if (!only(n, path, kind, "op", "value")) {
      return null;
    }
    String name = text(n.get(kind));
    if (name == null || name.length() > 100) {
      return problem(path + "." + kind, "a name, 1-100 characters");
    }
    if (!attribute && !ContactFields.known(name)) {
      return problem(
          path + ".field", "one of " + ContactFields.describe() + " (other data: attribute)");
    }
    Op op = Op.of(text(n.get("op")));
    if (op == null) {
      return problem(
          path + ".op",
          "one of eq, neq, in, contains, exists, notExists, gt, gte, lt, lte,"
              + " olderThanDays, withinDays");
    }
    JsonNode value = n.get("value");
    boolean dateOp = op == Op.OLDER_THAN_DAYS || op == Op.WITHIN_DAYS;
    if (ContactFields.CREATED_AT.equals(name) && !attribute) {
      if (!dateOp) {
        return problem(path + ".op", "createdAt takes olderThanDays or withinDays");
      }
      Integer days = days(value, path + ".value");
      return days == null ? null : new Condition.Field(name, false, op, days);
    }
    if (dateOp) {
      return problem(path + ".op", op.json + " applies to the field createdAt only");
    }
    if (op == Op.EXISTS || op == Op.NOT_EXISTS) {
      return value == null
          ? new Condition.Field(name, attribute, op, null)
          : problem(path + ".value", op.json + " takes no value");
    }
    if (value == null || value.isNull()) {
      return problem(path + ".value", "required for " + op.json);
    }
    if (op == Op.IN) {
      if (!value.isArray() || value.isEmpty() || !allScalars(value)) {
        return problem(path + ".value", "a non-empty array of strings or numbers");
      }
      List<Object> values = new ArrayList<>();
      value.forEach(v -> values.add(scalar(v)));
      return new Condition.Field(name, attribute, op, List.copyOf(values));
    }
    if (op.numeric() || (ContactFields.SCORE.equals(name) && !attribute)) {
      if (!value.isNumber()) {
        return problem(path + ".value", "a number");
      }
      return op == Op.CONTAINS
          ? problem(path + ".op", "contains compares text")
          : new Condition.Field(name, attribute, op, value.decimalValue());
    }
    if (op == Op.CONTAINS && !value.isTextual()) {
      return problem(path + ".value", "a string");
    }
    if (!value.isValueNode()) {
      return problem(path + ".value", "a string, number or boolean");
    }
    return new Condition.Field(name, attribute, op, scalar(value));
  }

  private Condition event(JsonNode n, String path) {
    String type = text(n.get("event"));
    if (type == null || type.length() > 100 || !EventTypes.isValid(type)) {
      return problem(path + ".event", "an event type of docs/contract.md §1, or custom.x");
    }
    if (type.startsWith("segment.") || type.startsWith("custom.segment.")) {
      return problem(path + ".event", "segment events cannot define a segment");
    }
    if (n.has("lastOlderThanDays")) {
      if (!only(n, path, "event", "lastOlderThanDays")) {
        return null;
      }
      Integer days = days(n.get("lastOlderThanDays"), path + ".lastOlderThanDays");
      return days == null ? null : new Condition.LastEventOlderThan(type, days);
    }
    if (!only(n, path, "event", "count", "withinDays")) {
      return null;
    }
    JsonNode count = n.get("count");
    Integer within = days(n.get("withinDays"), path + ".withinDays");
    if (count == null || !count.isObject()) {
      return problem(
          path + ".count", "required: {\"op\": \"gte\", \"value\": 1} (or lastOlderThanDays)");
    }
    Op op = Op.of(text(count.get("op")));
    if (op == null || !(op.numeric() || op == Op.EQ || op == Op.NEQ)) {
      return problem(path + ".count.op", "one of eq, neq, gt, gte, lt, lte");
    }
    JsonNode value = count.get("value");
    if (value == null
        || !value.canConvertToInt()
        || !value.isIntegralNumber()
        || value.asInt() < 0) {
      return problem(path + ".count.value", "a whole number >= 0");
    }
    return within == null ? null : new Condition.EventCount(type, op, value.asLong(), within);
  }

  /** A whole number of days, 1..3650; reports a problem and answers null otherwise. */
  private Integer days(JsonNode n, String path) {
    if (n == null || !n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > MAX_DAYS) {
      if (path != null) {
        problem(path, "a whole number of days, 1-" + MAX_DAYS);
      }
      return null;
    }
    return n.asInt();
  }

  private boolean only(JsonNode n, String path, String... allowed) {
    Set<String> keys = Set.of(allowed);
    for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!keys.contains(name)) {
        problem(
            path + "." + name, "not allowed here (allowed: " + String.join(", ", allowed) + ")");
        return false;
      }
    }
    return true;
  }

  private static boolean allScalars(JsonNode array) {
    for (JsonNode v : array) {
      if (!v.isTextual() && !v.isNumber()) {
        return false;
      }
    }
    return true;
  }

  private static Object scalar(JsonNode v) {
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    return v.asText();
  }

  private static String text(JsonNode n) {
    return n == null || !n.isTextual() || n.asText().isBlank() ? null : n.asText().trim();
  }

  private Condition problem(String path, String reason) {
    problems.add(Map.of("field", path, "reason", reason));
    return null;
  }
}
