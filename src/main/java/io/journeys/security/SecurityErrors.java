package io.journeys.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.web.ApiError;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Writes the {@code {"error","details"}} answers of the security filters: 401, 403, 429. */
final class SecurityErrors {

  /**
   * Not a Basic challenge: a browser answers that with its login dialog and then attaches the
   * credentials to every later request, also cross-site ones (docs/hardening.md, finding 3).
   * Clients send Basic credentials or an API token without being asked.
   */
  static final String CHALLENGE = "Bearer realm=\"Journeys\"";

  private final ObjectMapper json;

  SecurityErrors(ObjectMapper json) {
    this.json = json;
  }

  void unauthorized(HttpServletResponse response, String error) throws IOException {
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
    write(response, HttpServletResponse.SC_UNAUTHORIZED, error);
  }

  void unauthorizedWithoutChallenge(HttpServletResponse response, String error) throws IOException {
    write(response, HttpServletResponse.SC_UNAUTHORIZED, error);
  }

  void forbidden(HttpServletResponse response) throws IOException {
    write(
        response,
        HttpServletResponse.SC_FORBIDDEN,
        "forbidden: your role does not allow this call");
  }

  void badRequest(HttpServletResponse response, String error) throws IOException {
    write(response, HttpServletResponse.SC_BAD_REQUEST, error);
  }

  void tooManyRequests(HttpServletResponse response, long retryAfterSeconds) throws IOException {
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    write(response, 429, "too many requests");
  }

  void write(HttpServletResponse response, int status, String error) throws IOException {
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), ApiError.of(error));
  }
}
