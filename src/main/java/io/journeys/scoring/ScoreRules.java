package io.journeys.scoring;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;
import org.camunda.bpm.dmn.engine.impl.DmnExpressionImpl;

/**
 * One version of the lead-scoring model ({@code dmn/lead-scoring.dmn}): the rules table, the
 * dimension weights and the qualification (MQL) table, evaluated by the engine's DMN engine without
 * history. Immutable; thread-safe.
 */
final class ScoreRules {

  static final String RULES = "lead-scoring-rules";
  static final String DIMENSIONS = "lead-scoring-dimensions";
  static final String QUALIFICATION = "lead-qualification";
  static final String PROFILE = "profile";

  /** One matching row: what an event or the profile scores. */
  record Hit(String criterion, String dimension, double points, Validity validity, int maxCount) {}

  /** The qualification table's answer. */
  record Qualification(boolean mql, String reason) {}

  private final DmnEngine dmn;
  private final DmnDecision rules;
  private final DmnDecision dimensions;
  private final DmnDecision qualification;
  private final int version;
  private final Set<String> eventTypes;
  private final Map<String, Double> weights;

  ScoreRules(DmnEngine dmn, InputStream model, int version) {
    this.dmn = dmn;
    this.version = version;
    Map<String, DmnDecision> byKey = new HashMap<>();
    dmn.parseDecisions(model).forEach(d -> byKey.put(d.getKey(), d));
    this.rules = required(byKey, RULES);
    this.dimensions = required(byKey, DIMENSIONS);
    this.qualification = required(byKey, QUALIFICATION);
    this.eventTypes = literals(rules, 0, "criterion");
    Map<String, Double> w = new LinkedHashMap<>();
    for (String dimension : literals(rules, -1, "dimension")) {
      DmnDecisionResultEntries hit =
          dmn.evaluateDecision(dimensions, Map.of("dimension", dimension)).getFirstResult();
      if (hit == null || !(hit.getEntry("weight") instanceof Number n)) {
        throw new IllegalArgumentException(
            DIMENSIONS + " has no weight for dimension " + dimension);
      }
      w.put(dimension, n.doubleValue());
    }
    this.weights = Collections.unmodifiableMap(w);
  }

  int version() {
    return version;
  }

  /** Dimension → weight, in the order the rules name them. */
  Map<String, Double> weights() {
    return weights;
  }

  /**
   * Whether an event of this type may score at all (the rules table's first column lists the types;
   * a row with "-" there makes every type a candidate).
   */
  boolean scores(String eventType) {
    return eventTypes == null || eventTypes.contains(eventType);
  }

  /** The event types the rules table names; null when a row accepts any type. */
  Set<String> eventTypes() {
    return eventTypes;
  }

  List<Hit> scoreEvent(String eventType, Map<String, Object> properties) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("eventType", eventType);
    vars.put("properties", properties == null ? Map.of() : properties);
    vars.put("profile", Map.of());
    return hits(vars);
  }

  /** Profile criteria (rows whose event type is {@code "profile"}) over the contact's fields. */
  List<Hit> scoreProfile(Map<String, Object> profile) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("eventType", PROFILE);
    vars.put("properties", Map.of());
    vars.put("profile", profile);
    return hits(vars);
  }

  Qualification qualify(boolean qualified, double score, List<Double> interactionAgesInDays) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("qualified", qualified);
    vars.put("score", score);
    vars.put("interactionAges", interactionAgesInDays);
    DmnDecisionResultEntries r = dmn.evaluateDecision(qualification, vars).getFirstResult();
    if (r == null) {
      return new Qualification(false, "no rule");
    }
    return new Qualification(
        Boolean.TRUE.equals(r.getEntry("mql")),
        r.getEntry("reason") == null ? null : r.getEntry("reason").toString());
  }

  private List<Hit> hits(Map<String, Object> vars) {
    List<Hit> hits = new ArrayList<>();
    for (DmnDecisionResultEntries r : dmn.evaluateDecision(rules, vars)) {
      String criterion = string(r.getEntry("criterion"));
      String dimension = string(r.getEntry("dimension"));
      if (criterion == null || dimension == null || !(r.getEntry("points") instanceof Number p)) {
        throw new IllegalArgumentException(
            RULES + ": a matching row needs criterion, dimension, points");
      }
      Object max = r.getEntry("maxCount");
      hits.add(
          new Hit(
              criterion,
              dimension,
              p.doubleValue(),
              Validity.parse(string(r.getEntry("validity"))),
              max instanceof Number m ? m.intValue() : Integer.MAX_VALUE));
    }
    return hits;
  }

  /** The rules table as parsed (for {@link RescoreSql}, which translates it to SQL). */
  DmnDecisionTableImpl rulesTable() {
    return (DmnDecisionTableImpl) rules.getDecisionLogic();
  }

  /** The qualification table as parsed (for {@link RescoreSql}). */
  DmnDecisionTableImpl qualificationTable() {
    return (DmnDecisionTableImpl) qualification.getDecisionLogic();
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }

  private static DmnDecision required(Map<String, DmnDecision> byKey, String key) {
    DmnDecision d = byKey.get(key);
    if (d == null || !d.isDecisionTable()) {
      throw new IllegalArgumentException("the lead-scoring model has no decision table " + key);
    }
    return d;
  }

  /**
   * String literals of one column of the rules table: an input column ({@code input} >= 0) or, with
   * -1, the output named {@code output}. Null when a row leaves an input column empty.
   */
  private static Set<String> literals(DmnDecision decision, int input, String output) {
    DmnDecisionTableImpl table = (DmnDecisionTableImpl) decision.getDecisionLogic();
    int column = input;
    if (input < 0) {
      for (int i = 0; i < table.getOutputs().size(); i++) {
        if (output.equals(table.getOutputs().get(i).getOutputName())) {
          column = i;
        }
      }
    }
    Set<String> values = new LinkedHashSet<>();
    for (DmnDecisionTableRuleImpl rule : table.getRules()) {
      List<? extends DmnExpressionImpl> cells =
          input < 0 ? rule.getConclusions() : rule.getConditions();
      String text = cells.get(column).getExpression();
      if (text == null || text.isBlank() || text.trim().equals("-")) {
        if (input >= 0) {
          return null;
        }
        continue;
      }
      for (String part : text.split(",")) {
        String p = part.trim();
        if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
          values.add(p.substring(1, p.length() - 1));
        } else if (input >= 0) {
          return null;
        }
      }
    }
    return Collections.unmodifiableSet(values);
  }
}
