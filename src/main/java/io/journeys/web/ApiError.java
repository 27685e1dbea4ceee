package io.journeys.web;

import java.util.List;

/** The error body of every 4xx/5xx answer of {@code /api}: docs/contract.md §2. */
public record ApiError(String error, List<?> details) {

  public static ApiError of(String error) {
    return new ApiError(error, List.of());
  }
}
