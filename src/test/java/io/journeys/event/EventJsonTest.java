package io.journeys.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.event.InvalidEventsException.Problem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  private final ObjectMapper json = new ObjectMapper();

  private List<Problem> problemsOf(String body) throws Exception {
    try {
      EventJson.read(json.readTree(body), 1000, json);
      return List.of();
    } catch (InvalidEventsException e) {
      return e.problems();
    }
  }

  private static String event(String id, String occurredAt) {
    return """
        {"id":"%s","type":"order.placed","contactId":"c-1","occurredAt":"%s",
         "properties":{"orderId":"o-1","amount":199.0}}"""
        .formatted(id, occurredAt);
  }

  @Test
  void readsASingleObjectAsABatchOfOne() throws Exception {
    List<IncomingEvent> events =
        EventJson.read(json.readTree(event("e-1", "2026-11-23T08:15:00+08:00")), 1000, json);
    assertThat(events).hasSize(1);
    IncomingEvent e = events.get(0);
    assertThat(e.id()).isEqualTo("e-1");
    assertThat(e.occurredAt())
        .isEqualTo(OffsetDateTime.of(2026, 11, 23, 8, 15, 0, 0, ZoneOffset.ofHours(8)));
    assertThat(e.properties()).containsEntry("orderId", "o-1").containsEntry("amount", 199.0);
  }

  @Test
  void malformedOccurredAtIsReportedForItsItemAndField() throws Exception {
    String body =
        "["
            + event("e-0", "2026-11-23T08:15:00Z")
            + ","
            + event("e-1", "2026-11-23T08:15:00Z")
            + ","
            + event("e-2", "2026-11-23T08:15:00Z")
            + ","
            + event("e-3", "23/11/2026 08:15")
            + "]";
    assertThat(problemsOf(body))
        .containsExactly(new Problem(3, "occurredAt", "must be ISO-8601 with an offset"));
  }

  @Test
  void occurredAtWithoutOffsetIsRefused() throws Exception {
    assertThat(problemsOf(event("e-1", "2026-11-23T08:15:00")))
        .extracting(Problem::field)
        .containsExactly("occurredAt");
  }

  @Test
  void wrongTypesAreReportedPerFieldTogetherWithTheRuleChecks() throws Exception {
    String body =
        "[{\"id\": 5, \"type\": \"nope\", \"email\": [\"x\"], \"occurredAt\": \"2026-11-23T08:15:00Z\","
            + " \"properties\": \"text\"}, 7]";
    assertThat(problemsOf(body))
        .containsExactlyInAnyOrder(
            new Problem(0, "id", "must be a string"),
            new Problem(0, "email", "must be a string"),
            new Problem(0, "properties", "must be an object"),
            new Problem(0, "type", "unknown type (see docs/contract.md or use custom.*)"),
            new Problem(0, "contactId", "one of contactId, email, phone is required"),
            new Problem(1, "", "must be an event object"));
  }

  @Test
  void refusesMoreThanTheBatchLimitAndNonObjects() throws Exception {
    assertThatThrownBy(() -> EventJson.read(json.readTree("[{},{},{}]"), 2, json))
        .isInstanceOf(InvalidEventsException.class);
    assertThat(problemsOf("\"text\""))
        .extracting(Problem::reason)
        .containsExactly("an event object or an array of them is required");
  }

  @Test
  void validatorRules() {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    OffsetDateTime ok = OffsetDateTime.parse("2026-11-23T08:00:00Z");
    List<Problem> problems = new ArrayList<>();
    EventValidator.validate(
        0, new IncomingEvent(null, "login", "c-1", null, null, ok, null), now, json, problems);
    EventValidator.validate(
        1, new IncomingEvent("e", "shipped", "c-1", null, null, ok, null), now, json, problems);
    EventValidator.validate(
        2, new IncomingEvent("e", "custom.", "c-1", null, null, ok, null), now, json, problems);
    EventValidator.validate(
        3, new IncomingEvent("e", "login", null, " ", null, ok, null), now, json, problems);
    EventValidator.validate(
        4, new IncomingEvent("e", "login", "c-1", null, null, null, null), now, json, problems);
    EventValidator.validate(
        5,
        new IncomingEvent(
            "e", "login", "c-1", null, null, OffsetDateTime.parse("2026-11-24T10:00:01Z"), null),
        now,
        json,
        problems);
    EventValidator.validate(
        6,
        new IncomingEvent(
            "e", "login", "c-1", null, null, ok, Map.of("big", "x".repeat(64 * 1024))),
        now,
        json,
        problems);
    EventValidator.validate(
        7,
        new IncomingEvent("x".repeat(201), "login", "c-1", null, null, ok, null),
        now,
        json,
        problems);
    EventValidator.validate(
        8,
        new IncomingEvent("e", "login", null, "not-an-email", "12", ok, null),
        now,
        json,
        problems);
    assertThat(problems)
        .containsExactly(
            new Problem(0, "id", "required"),
            new Problem(1, "type", "unknown type (see docs/contract.md or use custom.*)"),
            new Problem(2, "type", "unknown type (see docs/contract.md or use custom.*)"),
            new Problem(3, "contactId", "one of contactId, email, phone is required"),
            new Problem(4, "occurredAt", "required"),
            new Problem(5, "occurredAt", "more than 1 day in the future"),
            new Problem(6, "properties", "larger than 64 KiB"),
            new Problem(7, "id", "at most 200 characters"),
            new Problem(8, "email", "not a valid email address"),
            new Problem(8, "phone", "not a valid phone number"));
  }

  @Test
  void validatorNormalisesIdentities() {
    List<Problem> problems = new ArrayList<>();
    EventValidator.Normalised n =
        EventValidator.validate(
            0,
            new IncomingEvent(
                "e",
                "custom.quiz.done",
                null,
                " Li@Example.com ",
                "13800138000",
                OffsetDateTime.parse("2026-11-23T08:00:00Z"),
                Map.of("a", 1)),
            Instant.parse("2026-11-23T10:00:00Z"),
            json,
            problems);
    assertThat(problems).isEmpty();
    assertThat(n.event().email()).isEqualTo("li@example.com");
    assertThat(n.event().phone()).isEqualTo("+8613800138000");
    assertThat(n.propertiesJson()).isEqualTo("{\"a\":1}");
  }
}
