package io.journeys.web;

import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of our own controllers into {@code {"error", "details"}}: 4xx with reasons
 * for bad input, a bare 500 for our own faults. Never a stack trace or exception text to clients.
 */
@RestControllerAdvice
class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ApiError> api(ApiException e) {
    return ResponseEntity.status(e.status()).body(new ApiError(e.getMessage(), e.details()));
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ApiError> invalid(MethodArgumentNotValidException e) {
    List<Map<String, String>> details =
        e.getBindingResult().getFieldErrors().stream()
            .map(
                f -> Map.of("field", f.getField(), "reason", String.valueOf(f.getDefaultMessage())))
            .toList();
    return ResponseEntity.badRequest().body(new ApiError("invalid request", details));
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<ApiError> violation(ConstraintViolationException e) {
    List<Map<String, String>> details =
        e.getConstraintViolations().stream()
            .map(v -> Map.of("field", v.getPropertyPath().toString(), "reason", v.getMessage()))
            .toList();
    return ResponseEntity.badRequest().body(new ApiError("invalid request", details));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
    return ResponseEntity.badRequest()
        .body(new ApiError("malformed request body", List.of(JsonProblems.describe(e))));
  }

  @ExceptionHandler({
    MissingServletRequestParameterException.class,
    MissingServletRequestPartException.class,
    MethodArgumentTypeMismatchException.class
  })
  ResponseEntity<ApiError> badParameter(Exception e) {
    return ResponseEntity.badRequest()
        .body(new ApiError("invalid request", List.of(e.getMessage())));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
    return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .body(
            new ApiError("unsupported content type", List.of(String.valueOf(e.getContentType()))));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
    return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
        .body(new ApiError("method not allowed", List.of(e.getMethod())));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ApiError> notFound(NoResourceFoundException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of("not found"));
  }

  /**
   * A write that clashed with a concurrent one (a journey's job holding the same process instance,
   * a row lock, a deadlock): the transaction rolled back and nothing changed, so the client may
   * simply send the request again.
   */
  @ExceptionHandler({OptimisticLockingException.class, ConcurrencyFailureException.class})
  ResponseEntity<ApiError> concurrentChange(Exception e) {
    log.info(
        "Request rolled back after a concurrent change ({}); the client may retry",
        e.getClass().getSimpleName());
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .header("Retry-After", "1")
        .body(
            new ApiError(
                "concurrent change",
                List.of("the data changed at the same moment; nothing was stored, send it again")));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ApiError> unexpected(Exception e) {
    if (ConcurrentChanges.is(e)) {
      return concurrentChange(e); // e.g. a lock timeout in the engine's own SQL
    }
    log.error("Unexpected failure while handling a request", e);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(ApiError.of("internal error"));
  }
}
