package io.journeys.broadcast;

import io.journeys.web.ApiError;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The answers of broadcast's controllers ({@link BroadcastController}, and {@link
 * BroadcastConsole}'s cancel button) to broadcast's own exceptions, in the {@code web.ApiError}
 * shape of docs/contract.md. Asked before {@code web.ApiExceptionHandler}, whose catch-all would
 * otherwise answer 500 (docs/modules.md "Domain exceptions").
 */
@RestControllerAdvice(basePackageClasses = BroadcastErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class BroadcastErrors {

  @ExceptionHandler(InvalidBroadcast.class)
  ResponseEntity<ApiError> invalid(InvalidBroadcast e) {
    return ResponseEntity.badRequest()
        .body(
            e.missingRequest()
                ? ApiError.of("a broadcast object is required")
                : new ApiError("invalid broadcast", e.problems()));
  }

  @ExceptionHandler(BroadcastNotFound.class)
  ResponseEntity<ApiError> notFound(BroadcastNotFound e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of("no broadcast " + e.id()));
  }

  @ExceptionHandler(BroadcastNotCancellable.class)
  ResponseEntity<ApiError> notCancellable(BroadcastNotCancellable e) {
    String error =
        e.status() == null
            ? "broadcast " + e.id() + " has just completed"
            : "broadcast "
                + e.id()
                + " is "
                + e.status()
                + "; only a scheduled or running broadcast can be cancelled";
    return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError(error, List.of()));
  }
}
