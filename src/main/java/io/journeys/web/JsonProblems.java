package io.journeys.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;

/** Describes a JSON parse failure by location and path, without echoing exception internals. */
final class JsonProblems {

  private JsonProblems() {}

  static Map<String, String> describe(HttpMessageNotReadableException e) {
    if (e.getCause() instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
      String path =
          jme.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."));
      return Map.of("field", path, "reason", "wrong type or format");
    }
    if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
        && jpe.getLocation() != null) {
      return Map.of(
          "reason", "not valid JSON",
          "line", String.valueOf(jpe.getLocation().getLineNr()),
          "column", String.valueOf(jpe.getLocation().getColumnNr()));
    }
    return Map.of("reason", "missing or unreadable body");
  }
}
