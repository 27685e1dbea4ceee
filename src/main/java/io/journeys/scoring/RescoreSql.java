package io.journeys.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableInputImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;
import org.camunda.bpm.dmn.engine.impl.DmnExpressionImpl;
import org.camunda.bpm.model.dmn.HitPolicy;

/**
 * One version of the lead-scoring model translated to PostgreSQL, for the set-based re-score
 * ({@link SetRescorer}): each row of the rules table becomes a SQL predicate over an event (type
 * and JSON properties) or over a profile (JSON attributes and phone), the qualification table a
 * {@code case} over the old MQL state, the total and the count of recent interactions.
 *
 * <p>The cells it translates are those of the default tables: {@code -}, string, number, boolean
 * and {@code null} literals, comparisons with a number ({@code >= 3}), number ranges ({@code
 * [25..35]}), lists of these and {@code not(…)} of a list. A cell compares only values of its own
 * JSON type; where a contact's value has another type (FEEL's rules for mixed types are
 * feel-scala's), the SQL says so and that contact is scored by the per-contact path. Anything else
 * (another cell, an output that is not a literal, two rows with one criterion, an input expression
 * other than {@code eventType}, {@code properties.<name>}, {@code profile.<name>}, {@code
 * qualified}, {@code score} and {@code count(interactionAges[item <op> n])}) makes the whole
 * version untranslatable: {@link #translate} throws and every contact goes the per-contact way.
 */
final class RescoreSql {

  /** Why a model cannot be re-scored in SQL. */
  static final class Untranslatable extends Exception {
    Untranslatable(String message) {
      super(message);
    }
  }

  /** A translated cell: its SQL, and the JSON types it decides (null: any). */
  record Test(String sql, Set<String> types) {}

  /** A translated row of the rules table. */
  record Row(
      String criterion,
      String dimension,
      double points,
      Validity validity,
      int maxCount,
      boolean events,
      boolean profile,
      String eventMatch,
      String eventUndecided,
      String profileMatch,
      String profileUndecided) {}

  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
  private static final Pattern COMPARISON =
      Pattern.compile("(<=|>=|<|>)\\s*(-?[0-9]+(\\.[0-9]+)?)");
  private static final Pattern RANGE =
      Pattern.compile(
          "([\\[\\]\\(])\\s*(-?[0-9]+(\\.[0-9]+)?)\\s*\\.\\.\\s*(-?[0-9]+(\\.[0-9]+)?)\\s*([\\]\\[\\)])");
  private static final Pattern PATH =
      Pattern.compile("(properties|profile)\\.([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern COUNT =
      Pattern.compile(
          "count\\(\\s*interactionAges\\s*\\[\\s*item\\s*(<=|>=|<|>)\\s*(-?[0-9]+(\\.[0-9]+)?)\\s*\\]\\s*\\)");

  final List<Row> rows;
  final Map<String, Double> weights;
  final Set<String> eventTypes;

  /** SQL over {@code was} (boolean), {@code total} (integer) and {@code recent} (integer). */
  final String mql;

  final String reason;

  /** The comparison and bound of the interaction count (e.g. {@code <=}, 7). */
  final String recentOp;

  final String recentBound;

  private RescoreSql(
      List<Row> rows,
      Map<String, Double> weights,
      Set<String> eventTypes,
      String mql,
      String reason,
      String recentOp,
      String recentBound) {
    this.rows = rows;
    this.weights = weights;
    this.eventTypes = eventTypes;
    this.mql = mql;
    this.reason = reason;
    this.recentOp = recentOp;
    this.recentBound = recentBound;
  }

  static RescoreSql translate(ScoreRules rules) throws Untranslatable {
    DmnDecisionTableImpl table = rules.rulesTable();
    HitPolicy policy = table.getHitPolicyHandler().getHitPolicyEntry().getHitPolicy();
    if (policy != HitPolicy.COLLECT && policy != HitPolicy.RULE_ORDER) {
      throw new Untranslatable("rules table hit policy " + policy);
    }
    if (table.getHitPolicyHandler().getHitPolicyEntry().getAggregator() != null) {
      throw new Untranslatable("rules table aggregates");
    }
    List<String[]> inputs = new ArrayList<>(); // [event context, profile context] per input
    for (DmnDecisionTableInputImpl input : table.getInputs()) {
      String expression = text(input.getExpression());
      if ("eventType".equals(expression)) {
        inputs.add(new String[] {"to_jsonb(e.type)", "to_jsonb('profile'::text)"});
        continue;
      }
      Matcher path = PATH.matcher(expression == null ? "" : expression);
      if (!path.matches()) {
        throw new Untranslatable("input expression " + expression);
      }
      String name = path.group(2);
      if (path.group(1).equals("properties")) {
        inputs.add(new String[] {"(e.props -> '" + name + "')", "null::jsonb"});
      } else {
        inputs.add(
            new String[] {
              "null::jsonb",
              name.equals("phone") ? "to_jsonb(p.phone)" : "(p.attrs -> '" + name + "')"
            });
      }
    }
    Map<String, Integer> outputs = outputs(table);
    List<Row> rows = new ArrayList<>();
    Set<String> criteria = new LinkedHashSet<>();
    for (DmnDecisionTableRuleImpl rule : table.getRules()) {
      List<DmnExpressionImpl> cells = rule.getConditions();
      List<String> eventTests = new ArrayList<>();
      List<String> eventUndecided = new ArrayList<>();
      List<String> profileTests = new ArrayList<>();
      List<String> profileUndecided = new ArrayList<>();
      String typeTest = "true";
      boolean events = true;
      boolean profile = true;
      for (int i = 0; i < cells.size(); i++) {
        String cell = text(cells.get(i));
        String[] in = inputs.get(i);
        Test e = unaryTests(cell, in[0]);
        Test p = unaryTests(cell, in[1]);
        eventTests.add(e.sql());
        profileTests.add(p.sql());
        if (in[0].equals("to_jsonb(e.type)")) {
          Set<String> literals = typeLiterals(cell);
          if (literals != null) {
            events = literals.stream().anyMatch(t -> !t.equals(ScoreRules.PROFILE));
            profile = literals.contains(ScoreRules.PROFILE);
          }
          typeTest = e.sql();
          continue;
        }
        if (e.types() != null) {
          eventUndecided.add(undecided(in[0], e.types()));
        }
        if (p.types() != null) {
          profileUndecided.add(undecided(in[1], p.types()));
        }
      }
      String criterion = stringOutput(rule, outputs, "criterion", true);
      String dimension = stringOutput(rule, outputs, "dimension", true);
      if (!criteria.add(criterion)) {
        throw new Untranslatable("two rows score criterion " + criterion);
      }
      String points = literal(rule, outputs, "points");
      if (points == null || !NUMBER.matcher(points).matches()) {
        throw new Untranslatable("points of " + criterion + ": " + points);
      }
      String max = literal(rule, outputs, "maxCount");
      if (max != null && !max.matches("[0-9]+")) {
        throw new Untranslatable("maxCount of " + criterion + ": " + max);
      }
      Validity validity;
      try {
        validity = Validity.parse(stringOutput(rule, outputs, "validity", false));
      } catch (IllegalArgumentException ex) {
        throw new Untranslatable(ex.getMessage());
      }
      if (validity.length() != null
          && !validity.length().equals(java.time.Duration.ofDays(validity.length().toDays()))) {
        throw new Untranslatable("validity of " + criterion + " is not whole days");
      }
      rows.add(
          new Row(
              criterion,
              dimension,
              Double.parseDouble(points),
              validity,
              max == null ? Integer.MAX_VALUE : Integer.parseInt(max),
              events,
              profile,
              and(eventTests),
              "(" + typeTest + ") and (" + or(eventUndecided) + ")",
              and(profileTests),
              or(profileUndecided)));
    }
    if (!rules.weights().keySet().containsAll(rows.stream().map(Row::dimension).toList())) {
      throw new Untranslatable("a dimension without a weight");
    }
    return qualification(rules, rows);
  }

  private static RescoreSql qualification(ScoreRules rules, List<Row> rows) throws Untranslatable {
    DmnDecisionTableImpl table = rules.qualificationTable();
    if (table.getHitPolicyHandler().getHitPolicyEntry().getHitPolicy() != HitPolicy.FIRST) {
      throw new Untranslatable("qualification hit policy is not FIRST");
    }
    List<String> inputs = new ArrayList<>();
    String op = "<=";
    String bound = "0";
    for (DmnDecisionTableInputImpl input : table.getInputs()) {
      String expression = text(input.getExpression());
      Matcher count = COUNT.matcher(expression == null ? "" : expression);
      if ("qualified".equals(expression)) {
        inputs.add("to_jsonb(was)");
      } else if ("score".equals(expression)) {
        inputs.add("to_jsonb(total)");
      } else if (count.matches()) {
        op = count.group(1);
        bound = count.group(2);
        inputs.add("to_jsonb(recent)");
      } else {
        throw new Untranslatable("qualification input " + expression);
      }
    }
    Map<String, Integer> outputs = outputs(table);
    StringBuilder mql = new StringBuilder("case");
    StringBuilder reason = new StringBuilder("case");
    for (DmnDecisionTableRuleImpl rule : table.getRules()) {
      List<String> tests = new ArrayList<>();
      for (int i = 0; i < rule.getConditions().size(); i++) {
        Test t = unaryTests(text(rule.getConditions().get(i)), inputs.get(i));
        if (t.types() != null && !t.types().contains(typeOf(inputs.get(i)))) {
          throw new Untranslatable("qualification cell of another type");
        }
        tests.add(t.sql());
      }
      String m = literal(rule, outputs, "mql");
      if (!"true".equals(m) && !"false".equals(m)) {
        throw new Untranslatable("qualification output mql " + m);
      }
      String r = stringOutput(rule, outputs, "reason", false);
      mql.append(" when ").append(and(tests)).append(" then ").append(m);
      reason
          .append(" when ")
          .append(and(tests))
          .append(" then ")
          .append(r == null ? "null" : quote(r));
    }
    mql.append(" else false end");
    reason.append(" else 'no rule' end");
    Set<String> types = rules.eventTypes();
    return new RescoreSql(
        List.copyOf(rows), rules.weights(), types, mql.toString(), reason.toString(), op, bound);
  }

  private static String typeOf(String input) {
    return input.equals("to_jsonb(was)") ? "boolean" : "number";
  }

  /** The string literals of the event type cell, or null when it is not a list of them. */
  private static Set<String> typeLiterals(String cell) throws Untranslatable {
    if (cell == null || cell.isBlank() || cell.trim().equals("-")) {
      return null;
    }
    Set<String> values = new LinkedHashSet<>();
    for (String item : items(cell.trim())) {
      if (!(item.length() >= 2 && item.startsWith("\"") && item.endsWith("\""))) {
        return null;
      }
      values.add(item.substring(1, item.length() - 1));
    }
    return values;
  }

  /** A unary-tests cell as SQL over the JSON value {@code j}. */
  static Test unaryTests(String cell, String j) throws Untranslatable {
    String c = cell == null ? "" : cell.trim();
    if (c.isEmpty() || c.equals("-")) {
      return new Test("true", null);
    }
    if (c.startsWith("not(") && c.endsWith(")")) {
      Test inner = list(c.substring(4, c.length() - 1).trim(), j);
      Set<String> types = new LinkedHashSet<>(inner.types());
      return new Test("not (" + inner.sql() + ")", types);
    }
    return list(c, j);
  }

  private static Test list(String c, String j) throws Untranslatable {
    List<String> parts = new ArrayList<>();
    Set<String> types = new LinkedHashSet<>();
    for (String item : items(c)) {
      parts.add(item(item, j, types));
    }
    if (parts.isEmpty()) {
      throw new Untranslatable("empty cell");
    }
    return new Test(or(parts), types);
  }

  private static String item(String item, String j, Set<String> types) throws Untranslatable {
    String t = "coalesce(jsonb_typeof(" + j + "), 'null')";
    if (item.length() >= 2 && item.startsWith("\"") && item.endsWith("\"")) {
      String value = item.substring(1, item.length() - 1);
      if (value.contains("\\") || value.contains("\"")) {
        throw new Untranslatable("string with escapes " + item);
      }
      types.add("string");
      return "(" + t + " = 'string' and (" + j + " #>> '{}') = " + quote(value) + ")";
    }
    if (item.equals("true") || item.equals("false")) {
      types.add("boolean");
      return "(" + t + " = 'boolean' and " + j + " = '" + item + "'::jsonb)";
    }
    if (item.equals("null")) {
      return "(" + t + " = 'null')";
    }
    if (NUMBER.matcher(item).matches()) {
      types.add("number");
      return number(t, j, "= " + item);
    }
    Matcher comparison = COMPARISON.matcher(item);
    if (comparison.matches()) {
      types.add("number");
      return number(t, j, comparison.group(1) + " " + comparison.group(2));
    }
    Matcher range = RANGE.matcher(item);
    if (range.matches()) {
      types.add("number");
      String low = (range.group(1).equals("[") ? ">= " : "> ") + range.group(2);
      String high = (range.group(6).equals("]") ? "<= " : "< ") + range.group(4);
      return "(case when "
          + t
          + " = 'number' then ("
          + j
          + ")::numeric "
          + low
          + " and ("
          + j
          + ")::numeric "
          + high
          + " else false end)";
    }
    throw new Untranslatable("cell " + item);
  }

  private static String number(String t, String j, String test) {
    return "(case when " + t + " = 'number' then (" + j + ")::numeric " + test + " else false end)";
  }

  /** Whether {@code j} holds a value of a type the cell does not decide (FEEL's mixed types). */
  private static String undecided(String j, Set<String> types) {
    if (j.equals("null::jsonb")) {
      return "false";
    }
    List<String> decided = new ArrayList<>(List.of("'null'"));
    types.forEach(x -> decided.add("'" + x + "'"));
    return "coalesce(jsonb_typeof(" + j + "), 'null') not in (" + String.join(", ", decided) + ")";
  }

  /** Top-level comma-separated items of a cell (commas inside quotes or brackets stay). */
  private static List<String> items(String c) throws Untranslatable {
    List<String> items = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < c.length(); i++) {
      char ch = c.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (!quoted && (ch == '(' || ch == '[')) {
        depth++;
      } else if (!quoted && (ch == ')' || ch == ']')) {
        depth--;
      } else if (!quoted && depth == 0 && ch == ',') {
        items.add(c.substring(start, i).trim());
        start = i + 1;
      }
    }
    if (quoted) {
      throw new Untranslatable("unbalanced quotes in " + c);
    }
    items.add(c.substring(start).trim());
    return items;
  }

  private static Map<String, Integer> outputs(DmnDecisionTableImpl table) {
    Map<String, Integer> outputs = new LinkedHashMap<>();
    for (int i = 0; i < table.getOutputs().size(); i++) {
      outputs.put(table.getOutputs().get(i).getOutputName(), i);
    }
    return outputs;
  }

  private static String literal(
      DmnDecisionTableRuleImpl rule, Map<String, Integer> outputs, String name) {
    Integer i = outputs.get(name);
    if (i == null) {
      return null;
    }
    String text = text(rule.getConclusions().get(i));
    return text == null || text.isBlank() ? null : text.trim();
  }

  private static String stringOutput(
      DmnDecisionTableRuleImpl rule, Map<String, Integer> outputs, String name, boolean required)
      throws Untranslatable {
    String text = literal(rule, outputs, name);
    if (text == null) {
      if (required) {
        throw new Untranslatable("a row without " + name);
      }
      return null;
    }
    if (!(text.length() >= 2 && text.startsWith("\"") && text.endsWith("\""))
        || text.substring(1, text.length() - 1).contains("\"")
        || text.contains("\\")) {
      throw new Untranslatable(name + " is not a string literal: " + text);
    }
    return text.substring(1, text.length() - 1);
  }

  private static String text(DmnExpressionImpl expression) {
    if (expression == null) {
      return null;
    }
    String language = expression.getExpressionLanguage();
    if (language != null && !language.toLowerCase(Locale.ROOT).contains("feel")) {
      return "\u0000" + language; // never matches a translatable form
    }
    return expression.getExpression() == null ? null : expression.getExpression().trim();
  }

  static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static String and(List<String> parts) {
    List<String> real = parts.stream().filter(p -> !p.equals("true")).toList();
    return real.isEmpty() ? "true" : "(" + String.join(" and ", real) + ")";
  }

  private static String or(List<String> parts) {
    List<String> real = parts.stream().filter(p -> !p.equals("false")).toList();
    return real.isEmpty() ? "false" : "(" + String.join(" or ", real) + ")";
  }
}
