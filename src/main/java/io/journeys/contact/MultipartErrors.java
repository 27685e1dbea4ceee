package io.journeys.contact;

import io.journeys.web.ApiError;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Upload failures (too large, not multipart) happen before a controller is chosen; they are client
 * errors, answered before the catch-all handler would call them internal errors.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MultipartErrors {

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<ApiError> tooLarge(MaxUploadSizeExceededException e) {
    return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
        .body(
            new ApiError(
                "file too large", List.of(Map.of("field", "file", "reason", "too large"))));
  }

  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ApiError> notMultipart(MultipartException e) {
    return ResponseEntity.badRequest()
        .body(
            new ApiError(
                "invalid upload",
                List.of(Map.of("reason", "a multipart/form-data upload is required"))));
  }
}
