package io.journeys.event;

import java.util.List;

/** A batch of events was refused; {@link #problems()} says which item and why. */
public class InvalidEventsException extends RuntimeException {

  /** One reason an item was refused: its index in the batch, the field, the reason. */
  public record Problem(int index, String field, String reason) {}

  private final transient List<Problem> problems;

  public InvalidEventsException(List<Problem> problems) {
    super(problems.size() + " invalid event(s)");
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
