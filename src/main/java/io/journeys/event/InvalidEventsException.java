package io.journeys.event;

import io.journeys.web.ApiException;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A batch of events was refused; {@link #problems()} says which item and why. An {@link
 * ApiException}, so the shared web handler answers it as 400 {@code "invalid events"} with the
 * problems as details (web does not know the event feature).
 */
public class InvalidEventsException extends ApiException {

  /** One reason an item was refused: its index in the batch, the field, the reason. */
  public record Problem(int index, String field, String reason) {}

  private final transient List<Problem> problems;

  public InvalidEventsException(List<Problem> problems) {
    super(HttpStatus.BAD_REQUEST, "invalid events", problems);
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
