package io.journeys.operations;

import io.journeys.web.ApiError;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The answers of operations' controllers (this package only) to operations' own exceptions, in the
 * {@code web.ApiError} shape of docs/contract.md. Asked before {@code web.ApiExceptionHandler},
 * whose catch-all would otherwise answer 500 (docs/modules.md "Domain exceptions").
 */
@RestControllerAdvice(basePackageClasses = OperationsErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OperationsErrors {

  @ExceptionHandler(JourneyNotFound.class)
  ResponseEntity<ApiError> journeyNotFound(JourneyNotFound e) {
    return answer(HttpStatus.NOT_FOUND, "no journey " + e.key());
  }

  @ExceptionHandler(ManualSendNotFound.class)
  ResponseEntity<ApiError> manualSendNotFound(ManualSendNotFound e) {
    return answer(HttpStatus.NOT_FOUND, "no open manual send " + e.taskId());
  }

  @ExceptionHandler(TrialNotFound.class)
  ResponseEntity<ApiError> trialNotFound(TrialNotFound e) {
    return answer(HttpStatus.NOT_FOUND, "no trial " + e.id());
  }

  @ExceptionHandler(JourneyStateConflict.class)
  ResponseEntity<ApiError> state(JourneyStateConflict e) {
    return answer(HttpStatus.CONFLICT, "journey is " + e.state().name().toLowerCase());
  }

  @ExceptionHandler(GlobalManualModeOn.class)
  ResponseEntity<ApiError> globalManualMode(GlobalManualModeOn e) {
    return answer(HttpStatus.CONFLICT, "global manual mode is on: PUT /api/journeys/mode first");
  }

  @ExceptionHandler(SeedContactMissing.class)
  ResponseEntity<ApiError> seedContact(SeedContactMissing e) {
    String reason =
        e.configured() == null
            ? "no seed contact configured (journeys.operations.trial.seed-contact)"
            : "seed contact " + e.configured() + " does not exist";
    return ResponseEntity.badRequest()
        .body(new ApiError("invalid trial", List.of(Requests.problem("sends", reason))));
  }

  private static ResponseEntity<ApiError> answer(HttpStatus status, String error) {
    return ResponseEntity.status(status).body(ApiError.of(error));
  }
}
