package io.journeys.support;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.ResultMatcher;

/**
 * The whole error body of an {@code /api} answer (docs/contract.md §2), compared strictly: {@code
 * error} and {@code details} with nothing more, details in their order, no extra field anywhere.
 */
public final class ErrorBodies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorBodies() {}

  /** {@code {"error": error, "details": []}}. */
  public static ResultMatcher errorBody(String error) {
    return errorBody(error, "[]");
  }

  /** {@code {"error": error, "details": <detailsJson>}}. */
  public static ResultMatcher errorBody(String error, String detailsJson) {
    try {
      return content()
          .json(
              "{\"error\": "
                  + JSON.writeValueAsString(error)
                  + ", \"details\": "
                  + detailsJson
                  + "}",
              JsonCompareMode.STRICT);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
