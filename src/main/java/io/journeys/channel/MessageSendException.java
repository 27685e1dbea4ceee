package io.journeys.channel;

/**
 * A message could not be sent. The message is short and carries no personal data: it is stored in
 * the message row, shown as the incident message in Cockpit and logged by the job executor.
 */
public class MessageSendException extends RuntimeException {

  public MessageSendException(String reason) {
    super(reason);
  }

  public MessageSendException(String reason, Throwable cause) {
    super(reason, cause);
  }

  /** Names the cause chain by exception class only: provider messages may echo addresses. */
  static MessageSendException describing(String what, Throwable cause) {
    StringBuilder reason = new StringBuilder(what);
    String separator = ": ";
    for (Throwable t = cause; t != null && t != t.getCause(); t = t.getCause()) {
      reason.append(separator).append(t.getClass().getSimpleName());
      separator = " < ";
    }
    return new MessageSendException(reason.toString());
  }
}
