package io.journeys.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.web.ApiException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/events}: one event or an array of up to 1000 (docs/contract.md §1). */
@RestController
class EventController {

  static final int MAX_BATCH = 1000;

  private final EventIntake intake;
  private final ObjectMapper json;

  EventController(EventIntake intake, ObjectMapper json) {
    this.intake = intake;
    this.json = json;
  }

  @PostMapping(path = "/api/events", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.ACCEPTED)
  Map<String, Integer> post(@RequestBody(required = false) String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest(
          "malformed request body", List.of(Map.of("reason", "missing body")));
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "malformed request body",
          List.of(
              Map.of(
                  "reason", "not valid JSON",
                  "line", e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                  "column", e.getLocation() == null ? 0 : e.getLocation().getColumnNr())));
    }
    return Map.of("accepted", intake.ingestFromOutside(EventJson.read(root, MAX_BATCH, json)));
  }
}
