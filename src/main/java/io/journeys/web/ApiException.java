package io.journeys.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A client error with a reason the client can act on; rendered as {@link ApiError}. */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final transient List<?> details;

  public ApiException(HttpStatus status, String error, List<?> details) {
    super(error);
    this.status = status;
    this.details = List.copyOf(details);
  }

  public static ApiException badRequest(String error, List<?> details) {
    return new ApiException(HttpStatus.BAD_REQUEST, error, details);
  }

  public static ApiException notFound(String error) {
    return new ApiException(HttpStatus.NOT_FOUND, error, List.of());
  }

  public HttpStatus status() {
    return status;
  }

  public List<?> details() {
    return details;
  }
}
