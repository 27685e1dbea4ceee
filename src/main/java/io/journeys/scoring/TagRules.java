package io.journeys.scoring;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;

/**
 * One version of {@code dmn/contact-tags.dmn}: which tags hold for a contact's features, in rule
 * order, and the catalogue of every tag the table can give (group, keep, display names).
 */
final class TagRules {

  static final String DECISION = "contact-tags";

  /** A tag the table can give. */
  record TagRule(String tag, String group, boolean keep, String nameZh, String nameEn) {}

  private final DmnEngine dmn;
  private final DmnDecision decision;
  private final int version;
  private final Map<String, TagRule> catalogue;

  TagRules(DmnEngine dmn, InputStream model, int version) {
    this.dmn = dmn;
    this.version = version;
    this.decision =
        dmn.parseDecisions(model).stream()
            .filter(d -> DECISION.equals(d.getKey()))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no decision table " + DECISION));
    DmnDecisionTableImpl table = (DmnDecisionTableImpl) decision.getDecisionLogic();
    Map<String, Integer> column = new LinkedHashMap<>();
    for (int i = 0; i < table.getOutputs().size(); i++) {
      column.put(table.getOutputs().get(i).getOutputName(), i);
    }
    Map<String, TagRule> rules = new LinkedHashMap<>();
    for (DmnDecisionTableRuleImpl rule : table.getRules()) {
      String tag = literal(rule, column.get("tag"));
      if (tag != null) {
        rules.putIfAbsent(
            tag,
            new TagRule(
                tag,
                literal(rule, column.get("group")),
                "true".equals(raw(rule, column.get("keep"))),
                literal(rule, column.get("nameZh")),
                literal(rule, column.get("nameEn"))));
      }
    }
    this.catalogue = Collections.unmodifiableMap(rules);
  }

  int version() {
    return version;
  }

  /** The source recorded on tags this version gives: {@code rule:contact-tags@<version>}. */
  String source() {
    return "rule:" + DECISION + "@" + version;
  }

  Map<String, TagRule> catalogue() {
    return catalogue;
  }

  /** The tags whose rows hold for these features, in rule order (first of a group wins). */
  List<TagRule> evaluate(Map<String, Object> features) {
    List<TagRule> hits = new ArrayList<>();
    for (DmnDecisionResultEntries r : dmn.evaluateDecision(decision, features)) {
      Object tag = r.getEntry("tag");
      if (tag != null) {
        TagRule known = catalogue.get(tag.toString());
        hits.add(
            known != null
                ? known
                : new TagRule(
                    tag.toString(),
                    (String) r.getEntry("group"),
                    Boolean.TRUE.equals(r.getEntry("keep")),
                    null,
                    null));
      }
    }
    return hits;
  }

  private static String raw(DmnDecisionTableRuleImpl rule, Integer column) {
    if (column == null) {
      return null;
    }
    String text = rule.getConclusions().get(column).getExpression();
    return text == null ? null : text.trim();
  }

  private static String literal(DmnDecisionTableRuleImpl rule, Integer column) {
    String text = raw(rule, column);
    if (text == null || text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\"")) {
      return null;
    }
    return text.substring(1, text.length() - 1);
  }
}
