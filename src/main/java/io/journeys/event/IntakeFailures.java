package io.journeys.event;

import java.sql.SQLException;
import java.util.Locale;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Sorts a failure of the event intake: a record the database can never store (a data error), a
 * failure that passes (database down, lock timeout, concurrent duplicate), or neither.
 */
final class IntakeFailures {

  enum Kind {
    /** SQL state 22* (data exception) or 23* (integrity) other than a duplicate event id. */
    DATA,
    /** Connection, transaction, lock or resource trouble, or a concurrent duplicate event id. */
    TRANSIENT,
    /** Anything else: retried a few times, then the batch is taken record by record. */
    OTHER
  }

  /** The event table's primary key, the idempotency key (PostgreSQL and H2 spellings). */
  private static final String[] EVENT_KEY = {"event_pkey", "primary key on public.event"};

  private IntakeFailures() {}

  static Kind classify(Throwable failure) {
    String state = sqlState(failure);
    if (state != null && state.length() >= 2) {
      String klass = state.substring(0, 2);
      if (klass.equals("22")) {
        return Kind.DATA;
      }
      if (klass.equals("23")) {
        return "23505".equals(state) && duplicateEventId(failure) ? Kind.TRANSIENT : Kind.DATA;
      }
      if (klass.equals("08")
          || klass.equals("40")
          || klass.equals("53")
          || klass.equals("57")
          || klass.equals("55")) {
        return Kind.TRANSIENT;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TransientDataAccessException
          || t instanceof RecoverableDataAccessException
          || t instanceof DataAccessResourceFailureException
          || t instanceof CannotGetJdbcConnectionException
          || t instanceof CannotCreateTransactionException) {
        return Kind.TRANSIENT;
      }
    }
    return Kind.OTHER;
  }

  /** The SQL state of the first SQL exception in the chain (or of the next one of a batch). */
  static String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
          if (e.getSQLState() != null) {
            return e.getSQLState();
          }
        }
      }
    }
    return null;
  }

  private static boolean duplicateEventId(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      for (String key : EVENT_KEY) {
        if (message.contains(key)) {
          return true;
        }
      }
    }
    return false;
  }
}
