package io.journeys.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The condition tree: what {@link Definitions} accepts and refuses, and how {@link Evaluation}
 * reads it.
 */
class SegmentDefinitionsTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  static Condition parse(String json) throws Exception {
    Definitions.Parsed parsed = Definitions.parse(JSON.readTree(json));
    assertThat(parsed.problems()).as(json).isEmpty();
    return parsed.condition();
  }

  static Object problems(String json) throws Exception {
    JsonNode tree = JSON.readTree(json);
    Definitions.Parsed parsed = Definitions.parse(tree);
    assertThat(parsed.condition()).as("refused: " + json).isNull();
    return parsed.problems();
  }

  static Facts facts(
      Map<String, Object> fields,
      Map<String, Object> attributes,
      Set<String> tags,
      int registeredDaysAgo,
      Map<String, Long> counts) {
    return new Facts(
        "c-1", fields, attributes, tags, NOW.minus(Duration.ofDays(registeredDaysAgo)), counts);
  }

  @Test
  void theDormantDefinitionHoldsForOldContactsWithoutARecentOrder() throws Exception {
    Condition dormant =
        parse(
            """
        {"all":[{"field":"createdAt","op":"olderThanDays","value":180},
                {"event":"order.placed","lastOlderThanDays":90}]}""");

    assertThat(Evaluation.holds(dormant, facts(Map.of(), Map.of(), Set.of(), 200, Map.of()), NOW))
        .as("never ordered")
        .isTrue();
    assertThat(
            Evaluation.holds(
                dormant,
                facts(
                    Map.of(),
                    Map.of(),
                    Set.of(),
                    200,
                    Map.of(Facts.countKey("order.placed", 90), 1L)),
                NOW))
        .as("ordered within 90 days")
        .isFalse();
    assertThat(Evaluation.holds(dormant, facts(Map.of(), Map.of(), Set.of(), 100, Map.of()), NOW))
        .as("registered 100 days ago")
        .isFalse();
    assertThat(FactLoader.windows(dormant)).containsExactly("order.placed|90");
  }

  @Test
  void anyNotTagsFieldsAttributesAndCountsCombine() throws Exception {
    Condition c =
        parse(
            """
        {"any":[
          {"all":[{"tag":"vip"},{"not":{"field":"lifecycleStage","op":"eq","value":"churned"}}]},
          {"all":[{"attribute":"city","op":"in","value":["Hangzhou","Shanghai"]},
                  {"field":"score","op":"gte","value":50},
                  {"event":"product.viewed","count":{"op":"gte","value":5},"withinDays":7}]}]}""");
    Map<String, Long> fiveViews = Map.of(Facts.countKey("product.viewed", 7), 5L);

    assertThat(
            Evaluation.holds(
                c,
                facts(Map.of("lifecycleStage", "active"), Map.of(), Set.of("vip"), 1, Map.of()),
                NOW))
        .isTrue();
    assertThat(
            Evaluation.holds(
                c,
                facts(Map.of("lifecycleStage", "churned"), Map.of(), Set.of("vip"), 1, Map.of()),
                NOW))
        .isFalse();
    assertThat(
            Evaluation.holds(
                c,
                facts(Map.of("score", 50), Map.of("city", "Hangzhou"), Set.of(), 1, fiveViews),
                NOW))
        .isTrue();
    assertThat(
            Evaluation.holds(
                c,
                facts(Map.of("score", 49), Map.of("city", "Hangzhou"), Set.of(), 1, fiveViews),
                NOW))
        .as("score below 50")
        .isFalse();
    assertThat(
            Evaluation.holds(
                c,
                facts(
                    Map.of("score", 80),
                    Map.of("city", "Hangzhou"),
                    Set.of(),
                    1,
                    Map.of(Facts.countKey("product.viewed", 7), 4L)),
                NOW))
        .as("4 views")
        .isFalse();
    assertThat(
            Evaluation.holds(
                c,
                facts(Map.of("score", 80), Map.of("city", "Beijing"), Set.of(), 1, fiveViews),
                NOW))
        .isFalse();
  }

  @Test
  void missingValuesSatisfyOnlyNotExistsAndNeq() throws Exception {
    Facts none = facts(Map.of(), Map.of(), Set.of(), 1, Map.of());
    Facts some =
        facts(
            Map.of("email", "li@example.com"),
            Map.of("vipLevel", "3", "optedIn", true),
            Set.of(),
            1,
            Map.of());

    assertThat(Evaluation.holds(parse("{\"field\":\"email\",\"op\":\"exists\"}"), none, NOW))
        .isFalse();
    assertThat(Evaluation.holds(parse("{\"field\":\"email\",\"op\":\"notExists\"}"), none, NOW))
        .isTrue();
    assertThat(
            Evaluation.holds(
                parse("{\"field\":\"email\",\"op\":\"neq\",\"value\":\"x\"}"), none, NOW))
        .isTrue();
    assertThat(
            Evaluation.holds(
                parse("{\"field\":\"email\",\"op\":\"contains\",\"value\":\"EXAMPLE\"}"),
                some,
                NOW))
        .isTrue();
    assertThat(
            Evaluation.holds(
                parse("{\"attribute\":\"vipLevel\",\"op\":\"gt\",\"value\":2}"), some, NOW))
        .as("a numeric text compares as a number")
        .isTrue();
    assertThat(
            Evaluation.holds(
                parse("{\"attribute\":\"vipLevel\",\"op\":\"gt\",\"value\":2}"), none, NOW))
        .isFalse();
    assertThat(
            Evaluation.holds(
                parse("{\"attribute\":\"optedIn\",\"op\":\"eq\",\"value\":true}"), some, NOW))
        .isTrue();
  }

  @Test
  void countsCompareWithTheirOperator() throws Exception {
    Condition never =
        parse(
            "{\"event\":\"order.placed\",\"count\":{\"op\":\"eq\",\"value\":0},\"withinDays\":30}");
    assertThat(Evaluation.holds(never, facts(Map.of(), Map.of(), Set.of(), 1, Map.of()), NOW))
        .isTrue();
    assertThat(
            Evaluation.holds(
                never,
                facts(
                    Map.of(),
                    Map.of(),
                    Set.of(),
                    1,
                    Map.of(Facts.countKey("order.placed", 30), 1L)),
                NOW))
        .isFalse();
    Condition recent = parse("{\"field\":\"createdAt\",\"op\":\"withinDays\",\"value\":7}");
    assertThat(Evaluation.holds(recent, facts(Map.of(), Map.of(), Set.of(), 6, Map.of()), NOW))
        .isTrue();
    assertThat(Evaluation.holds(recent, facts(Map.of(), Map.of(), Set.of(), 8, Map.of()), NOW))
        .isFalse();
  }

  @Test
  void aSegmentKnowsTheEventTypesAndTagsItsConditionsName() throws Exception {
    JsonNode json =
        JSON.readTree(
            """
        {"all":[{"tag":"vip"},{"any":[{"event":"cart.added","count":{"op":"gte","value":1},"withinDays":30},
                {"not":{"event":"order.placed","lastOlderThanDays":30}}]}]}""");
    Segment s = Segment.of("k", "K", json, Definitions.parse(json).condition(), NOW);
    assertThat(s.eventTypes()).containsExactlyInAnyOrder("cart.added", "order.placed");
    assertThat(s.tags()).containsExactly("vip");
  }

  @Test
  void invalidDefinitionsAreRefusedWithThePathOfEachProblem() throws Exception {
    assertThat(problems("null")).asString().contains("definition");
    assertThat(problems("{}")).asString().contains("a condition object");
    assertThat(problems("{\"all\":[]}")).asString().contains("definition.all", "non-empty array");
    assertThat(
            problems(
                "{\"all\":[{\"tag\":\"vip\"},{\"field\":\"shoeSize\",\"op\":\"eq\",\"value\":1}]}"))
        .asString()
        .contains("definition.all[1].field", "attribute");
    assertThat(problems("{\"field\":\"email\",\"op\":\"like\",\"value\":\"x\"}"))
        .asString()
        .contains("definition.op");
    assertThat(problems("{\"field\":\"score\",\"op\":\"gte\",\"value\":\"high\"}"))
        .asString()
        .contains("definition.value", "a number");
    assertThat(problems("{\"field\":\"email\",\"op\":\"olderThanDays\",\"value\":3}"))
        .asString()
        .contains("createdAt only");
    assertThat(problems("{\"field\":\"createdAt\",\"op\":\"olderThanDays\",\"value\":0}"))
        .asString()
        .contains("whole number of days");
    assertThat(problems("{\"event\":\"order.placed\",\"withinDays\":7}"))
        .asString()
        .contains("definition.count");
    assertThat(
            problems(
                "{\"event\":\"order.placed\",\"count\":{\"op\":\"gte\",\"value\":-1},\"withinDays\":7}"))
        .asString()
        .contains("definition.count.value");
    assertThat(problems("{\"event\":\"segment.entered\",\"lastOlderThanDays\":7}"))
        .asString()
        .contains("segment events");
    assertThat(problems("{\"event\":\"not a type\",\"lastOlderThanDays\":7}"))
        .asString()
        .contains("definition.event");
    assertThat(problems("{\"tag\":\"vip\",\"extra\":1}"))
        .asString()
        .contains("definition.extra", "not allowed");
    assertThat(problems("{\"attribute\":\"city\",\"op\":\"exists\",\"value\":\"x\"}"))
        .asString()
        .contains("no value");
    String deep = "{\"not\":".repeat(9) + "{\"tag\":\"x\"}" + "}".repeat(9);
    assertThat(problems(deep)).asString().contains("nested deeper");
  }

  @Test
  void anEventConcernsTheSegmentsThatNameItsTypeOrItsTag() throws Exception {
    JsonNode json =
        JSON.readTree(
            """
        {"all":[{"tag":"vip"},{"event":"cart.added","count":{"op":"gte","value":1},"withinDays":30}]}""");
    Segment s = Segment.of("k", "K", json, Definitions.parse(json).condition(), NOW);

    assertThat(SegmentTriggers.concerns(s, stored("cart.added", Map.of()))).isTrue();
    assertThat(SegmentTriggers.concerns(s, stored("product.viewed", Map.of()))).isFalse();
    assertThat(SegmentTriggers.concerns(s, stored("tag.added", Map.of("tag", "vip")))).isTrue();
    assertThat(SegmentTriggers.concerns(s, stored("tag.removed", Map.of("tag", "vip")))).isTrue();
    assertThat(SegmentTriggers.concerns(s, stored("tag.added", Map.of("tag", "other")))).isFalse();
  }

  private static io.journeys.event.StoredEvent stored(String type, Map<String, Object> properties) {
    return new io.journeys.event.StoredEvent("e-1", type, "c-1", NOW, properties);
  }
}
