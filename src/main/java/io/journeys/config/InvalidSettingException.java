package io.journeys.config;

/**
 * A setting that stops start-up; {@link InvalidSettingFailureAnalyzer} reports it as one line (what
 * is wrong and what to set) instead of a stack trace.
 */
public class InvalidSettingException extends RuntimeException {

  private final String action;

  public InvalidSettingException(String reason, String action) {
    super(reason);
    this.action = action;
  }

  public String action() {
    return action;
  }
}
