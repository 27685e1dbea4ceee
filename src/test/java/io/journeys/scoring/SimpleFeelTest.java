package io.journeys.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.junit.jupiter.api.Test;

/**
 * {@link SimpleFeel} answers what feel-scala answers: every cell of the rule tables in {@code dmn/}
 * (and more forms) against inputs of every kind, both as unary tests and as expressions.
 */
class SimpleFeelTest {

  static final FeelEngine SCALA = new ScalaFeelEngineFactory().createInstance();
  static final FeelEngine SIMPLE = new SimpleFeel(SCALA);

  static final List<String> MORE =
      List.of(
          "-",
          "[25..35]",
          "(25..35)",
          "]25..35[",
          "[1.5..2]",
          "< 3",
          "<= 7",
          "> 0.5",
          ">= -1",
          "-5",
          "0.3",
          "10",
          "1.0",
          "\"a\", \"b\"",
          "\"with, comma\"",
          "not(null, \"\")",
          "not(\"sms\")",
          "not(>= 3)",
          "null",
          "true",
          "false",
          "5, [7..9]",
          "> x",
          "\"a\" + \"b\"",
          "date(\"2020-01-01\")",
          "count(xs)");

  static final List<Object> INPUTS =
      Arrays.asList(
          null,
          -5L,
          -1L,
          0L,
          1L,
          2L,
          3L,
          5L,
          7L,
          8L,
          9L,
          10L,
          25L,
          35L,
          36L,
          90L,
          91L,
          180L,
          5000L,
          -5.0,
          0.3,
          0.5,
          0.51,
          1.0,
          1.2,
          1.21,
          1.5,
          2.0,
          25.0,
          34.99,
          35.0,
          35.01,
          5000.0,
          7,
          "",
          "a",
          "b",
          "sms",
          "profile",
          "female",
          "5",
          "true",
          "with, comma",
          true,
          false,
          List.of(1L, 2L),
          Map.of("formId", "whitepaper"));

  static Set<String> cells() throws IOException {
    Set<String> cells = new LinkedHashSet<>(MORE);
    Pattern text = Pattern.compile("<text>([^<]*)</text>");
    for (String file : List.of("dmn/lead-scoring.dmn", "dmn/contact-tags.dmn")) {
      Matcher m = text.matcher(Files.readString(Path.of(file)));
      while (m.find()) {
        cells.add(
            m.group(1)
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&"));
      }
    }
    return cells;
  }

  static Object unary(FeelEngine feel, String cell, Object input) {
    VariableContext c =
        Variables.createVariables()
            .putValue("cellInput", input)
            .putValue("x", 3L)
            .asVariableContext();
    try {
      return feel.evaluateSimpleUnaryTests(cell, "cellInput", c);
    } catch (RuntimeException e) {
      return "error";
    }
  }

  static Object expression(FeelEngine feel, String cell, Object input) {
    VariableContext c =
        Variables.createVariables()
            .putValue("v", input)
            .putValue("properties", Map.of("formId", "whitepaper", "n", 5L, "d", 2.5))
            .putValue("profile", Map.of("company", "ACME"))
            .putValue("xs", List.of(1L, 2L))
            .putValue("ages", List.of(0.5, 2.5, 7.25, 1L))
            .putValue("mixed", Arrays.asList(1L, null, "a"))
            .asVariableContext();
    try {
      Object value = feel.evaluateSimpleExpression(cell, c);
      return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    } catch (RuntimeException e) {
      return "error";
    }
  }

  @Test
  void everyCellAsAUnaryTestAnswersAsFeelScalaDoes() throws IOException {
    List<String> differences = new ArrayList<>();
    int decided = 0;
    for (String cell : cells()) {
      decided += SimpleFeel.decides(cell) ? 1 : 0;
      for (Object input : INPUTS) {
        Object scala = unary(SCALA, cell, input);
        Object simple = unary(SIMPLE, cell, input);
        if (!scala.equals(simple)) {
          differences.add(cell + " with " + input + ": feel-scala " + scala + ", simple " + simple);
        }
      }
    }
    assertThat(differences).isEmpty();
    assertThat(decided).as("most cells are decided without feel-scala").isGreaterThan(40);
  }

  @Test
  void everyCellAsAnExpressionAnswersAsFeelScalaDoes() throws IOException {
    Set<String> cells = cells();
    cells.addAll(
        List.of(
            "v",
            "properties.formId",
            "properties.n",
            "properties.d",
            "properties.missing",
            "profile.company",
            "missing",
            "missing.x",
            "v.x"));
    List<String> differences = new ArrayList<>();
    for (String cell : cells) {
      for (Object input : INPUTS) {
        Object scala = expression(SCALA, cell, input);
        Object simple = expression(SIMPLE, cell, input);
        if (!scala.equals(simple)) {
          differences.add(cell + " with " + input + ": feel-scala " + scala + ", simple " + simple);
        }
      }
    }
    assertThat(differences).isEmpty();
    assertThat(SimpleFeel.expressionDecided().test("properties.formId")).isTrue();
    assertThat(SimpleFeel.expressionDecided().test("count(interactionAges[item <= 7])")).isTrue();
    assertThat(SimpleFeel.expressionDecided().test("sum(xs)")).isFalse();
  }
}
