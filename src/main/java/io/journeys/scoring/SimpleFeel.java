package io.journeys.scoring;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The FEEL engine of the rule tables: the cells that rule tables are made of — {@code -}, literals
 * ({@code 5}, {@code -2.5}, {@code "sms"}, {@code true}, {@code null}), comparisons ({@code >= 3}),
 * ranges ({@code [25..35]}), lists of these and {@code not(…)} as unary tests; names and paths
 * ({@code properties.formId}), literals and {@code count(list[item <= 7])} as expressions — are
 * parsed once and evaluated in Java. Everything else, and any case whose types differ, goes to
 * Camunda's FEEL engine (feel-scala) unchanged, so the results are the same ({@code SimpleFeelTest}
 * compares both on every cell).
 *
 * <p>Why: feel-scala builds its whole table of built-in functions for every evaluation (JFR: about
 * 70 % of the tag thread's CPU, 90 ms per contact for the 16-row tag table, and a fifth of the
 * intake's with scoring on).
 */
final class SimpleFeel implements FeelEngine {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
  private static final Pattern COUNT =
      Pattern.compile(
          "count\\(\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\[\\s*item\\s*(<=|>=|<|>)\\s*(-?[0-9]+(\\.[0-9]+)?)\\s*\\]\\s*\\)");
  private static final Object UNKNOWN = new Object();

  private final FeelEngine feel;
  private final Map<String, Optional<Test>> tests = new ConcurrentHashMap<>();
  private final Map<String, Optional<Function<VariableContext, Object>>> expressions =
      new ConcurrentHashMap<>();

  SimpleFeel(FeelEngine feel) {
    this.feel = feel;
  }

  /** A DMN engine whose FEEL cells are evaluated by this engine, falling back to feel-scala. */
  static DmnEngine dmnEngine() {
    DefaultDmnEngineConfiguration config =
        (DefaultDmnEngineConfiguration)
            DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
    FeelEngine scala = new ScalaFeelEngineFactory().createInstance();
    config.setFeelEngineFactory(() -> new SimpleFeel(scala));
    return config.buildEngine();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T evaluateSimpleExpression(String expression, VariableContext context) {
    Optional<Function<VariableContext, Object>> simple =
        expressions.computeIfAbsent(expression, e -> Optional.ofNullable(expression(e.trim())));
    if (simple.isPresent()) {
      Object value = simple.get().apply(context);
      if (value != UNKNOWN) {
        return (T) value;
      }
    }
    return feel.evaluateSimpleExpression(expression, context);
  }

  @Override
  public boolean evaluateSimpleUnaryTests(
      String expression, String inputVariable, VariableContext context) {
    Optional<Test> simple =
        tests.computeIfAbsent(expression, e -> Optional.ofNullable(unaryTests(e.trim())));
    if (simple.isPresent()) {
      TypedValue input = context.resolve(inputVariable);
      Boolean result = simple.get().test(input == null ? null : input.getValue());
      if (result != null) {
        return result;
      }
    }
    return feel.evaluateSimpleUnaryTests(expression, inputVariable, context);
  }

  /** A unary test: true, false, or null when this engine cannot decide (feel-scala decides). */
  interface Test {
    Boolean test(Object input);
  }

  // ---- expressions: a literal, a name or a path of names

  private static Function<VariableContext, Object> expression(String text) {
    Object literal = literal(text);
    if (literal != UNKNOWN) {
      return c -> literal;
    }
    java.util.regex.Matcher count = COUNT.matcher(text);
    if (count.matches()) {
      return countWhere(count.group(1), single(count.group(2) + " " + count.group(3)));
    }
    String[] path = text.split("\\.", -1);
    for (String part : path) {
      if (!NAME.matcher(part).matches() || isKeyword(part)) {
        return null;
      }
    }
    return c -> {
      if (!c.containsVariable(path[0])) {
        return UNKNOWN; // feel-scala reports the missing variable
      }
      TypedValue first = c.resolve(path[0]);
      Object value = first == null ? null : first.getValue();
      for (int i = 1; i < path.length; i++) {
        if (!(value instanceof Map<?, ?> map) || !map.containsKey(path[i])) {
          return UNKNOWN; // null, not a map or no such member: feel-scala's rules apply
        }
        value = map.get(path[i]);
      }
      return plain(value);
    };
  }

  /** {@code count(list[item < n])} over a list of numbers. */
  private static Function<VariableContext, Object> countWhere(String name, Test test) {
    return c -> {
      TypedValue list = c.containsVariable(name) ? c.resolve(name) : null;
      if (list == null || !(list.getValue() instanceof List<?> items)) {
        return UNKNOWN;
      }
      long n = 0;
      for (Object item : items) {
        Boolean holds = test.test(item);
        if (holds == null) {
          return UNKNOWN;
        }
        n += holds ? 1 : 0;
      }
      return n;
    };
  }

  /** A value as feel-scala hands it back: whole numbers as Long, others as Double. */
  private static Object plain(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return UNKNOWN;
      }
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    }
    return UNKNOWN; // maps, lists, dates, big numbers: feel-scala converts them
  }

  private static boolean isKeyword(String s) {
    return switch (s) {
      case "null",
          "true",
          "false",
          "not",
          "and",
          "or",
          "if",
          "then",
          "else",
          "for",
          "in",
          "return",
          "some",
          "every",
          "satisfies",
          "between",
          "instance",
          "of",
          "function" ->
          true;
      default -> false;
    };
  }

  /** A literal: number, string without escapes, true, false or null; else UNKNOWN. */
  private static Object literal(String text) {
    switch (text) {
      case "null":
        return null;
      case "true":
        return Boolean.TRUE;
      case "false":
        return Boolean.FALSE;
      default:
        break;
    }
    if (NUMBER.matcher(text).matches()) {
      BigDecimal n = new BigDecimal(text);
      return n.scale() <= 0 || n.stripTrailingZeros().scale() <= 0
          ? (Object) n.longValueExact()
          : (Object) n.doubleValue();
    }
    if (text.length() >= 2
        && text.startsWith("\"")
        && text.endsWith("\"")
        && text.indexOf('"', 1) == text.length() - 1
        && text.indexOf('\\') < 0) {
      return text.substring(1, text.length() - 1);
    }
    return UNKNOWN;
  }

  // ---- unary tests

  private static Test unaryTests(String text) {
    if (text.equals("-")) {
      return input -> true;
    }
    if (text.startsWith("not(") && text.endsWith(")")) {
      Test inner = list(text.substring(4, text.length() - 1).trim());
      return inner == null
          ? null
          : input -> {
            Boolean r = inner.test(input);
            return r == null ? null : !r;
          };
    }
    return list(text);
  }

  private static Test list(String text) {
    List<Test> parts = new ArrayList<>();
    for (String part : split(text)) {
      Test t = single(part.trim());
      if (t == null) {
        return null;
      }
      parts.add(t);
    }
    if (parts.isEmpty()) {
      return null;
    }
    return input -> {
      for (Test t : parts) {
        Boolean r = t.test(input);
        if (r == null) {
          return null;
        }
        if (r) {
          return true;
        }
      }
      return false;
    };
  }

  /** Splits at commas outside strings; null when a string is not closed. */
  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return quoted ? List.of("\"") : parts;
  }

  private static Test single(String text) {
    for (String op : new String[] {"<=", ">=", "<", ">"}) {
      if (text.startsWith(op)) {
        Object bound = literal(text.substring(op.length()).trim());
        if (!(bound instanceof Number n)) {
          return null; // comparisons with strings, names, dates: feel-scala
        }
        BigDecimal b = decimal(n);
        return input -> {
          BigDecimal x = decimal(input);
          if (x == null) {
            return null;
          }
          int c = x.compareTo(b);
          return switch (op) {
            case "<=" -> c <= 0;
            case ">=" -> c >= 0;
            case "<" -> c < 0;
            default -> c > 0;
          };
        };
      }
    }
    if (text.length() > 4
        && "[(]".indexOf(text.charAt(0)) >= 0
        && "])[".indexOf(text.charAt(text.length() - 1)) >= 0
        && text.contains("..")) {
      String[] bounds = text.substring(1, text.length() - 1).split("\\.\\.", -1);
      if (bounds.length != 2) {
        return null;
      }
      Object lo = literal(bounds[0].trim());
      Object hi = literal(bounds[1].trim());
      if (!(lo instanceof Number l) || !(hi instanceof Number h)) {
        return null;
      }
      BigDecimal low = decimal(l);
      BigDecimal high = decimal(h);
      boolean lowIn = text.charAt(0) == '[';
      boolean highIn = text.charAt(text.length() - 1) == ']';
      return input -> {
        BigDecimal x = decimal(input);
        if (x == null) {
          return null;
        }
        int a = x.compareTo(low);
        int z = x.compareTo(high);
        return (lowIn ? a >= 0 : a > 0) && (highIn ? z <= 0 : z < 0);
      };
    }
    Object value = literal(text);
    if (value == UNKNOWN) {
      return null;
    }
    if (value == null) {
      return input -> input == null;
    }
    if (value instanceof Number n) {
      BigDecimal v = decimal(n);
      return input -> {
        BigDecimal x = decimal(input);
        return x == null ? null : x.compareTo(v) == 0;
      };
    }
    return input ->
        input != null && input.getClass() == value.getClass() ? value.equals(input) : null;
  }

  /** A number input as FEEL sees it; null for anything else (feel-scala decides). */
  private static BigDecimal decimal(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isNaN(d) || Double.isInfinite(d) ? null : BigDecimal.valueOf(d);
    }
    if (value instanceof BigDecimal b) {
      return b;
    }
    return null;
  }

  /** For tests: whether this engine decides the cell itself. */
  static boolean decides(String unaryTests) {
    return unaryTests(unaryTests.trim()) != null;
  }

  static Predicate<String> expressionDecided() {
    return e -> expression(e.trim()) != null;
  }
}
