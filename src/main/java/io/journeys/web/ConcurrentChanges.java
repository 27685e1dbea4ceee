package io.journeys.web;

import java.sql.SQLException;
import java.util.Set;
import java.util.function.Supplier;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;

/**
 * A request's transaction that clashed with a concurrent one (a journey's job holding the same
 * process instance or contact, a row lock that timed out, a deadlock) rolled back and changed
 * nothing: it can simply run again. The engine reports such clashes in its own SQL wrapped in a
 * {@code ProcessEngineException}, so the SQL state is looked for in the whole cause chain.
 */
public final class ConcurrentChanges {

  private static final Logger log = LoggerFactory.getLogger(ConcurrentChanges.class);

  /**
   * Serialization failure and deadlock (40001, 40P01: PostgreSQL, and H2's deadlock), lock not
   * available (55P03: PostgreSQL's {@code lock_timeout}, {@code NOWAIT}), H2's lock timeout
   * (HYT00).
   */
  private static final Set<String> SQL_STATES = Set.of("40001", "40P01", "55P03", "HYT00");

  /** Attempts of {@link #retrying}. */
  static final int ATTEMPTS = 3;

  private ConcurrentChanges() {}

  /** Whether {@code e} (or a cause) says the transaction lost a clash with a concurrent one. */
  public static boolean is(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OptimisticLockingException || t instanceof ConcurrencyFailureException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        for (SQLException s = sql; s != null; s = s.getNextException()) {
          if (s.getSQLState() != null && SQL_STATES.contains(s.getSQLState())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Runs {@code transaction} (a call that opens and commits its own transaction) and runs it again,
   * up to {@value #ATTEMPTS} times in all, while it loses a clash with a concurrent transaction;
   * the last failure is thrown (the API answers it with 409 and {@code Retry-After}).
   */
  public static <T> T retrying(Supplier<T> transaction) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.get();
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS || !is(e)) {
          throw e;
        }
        log.info(
            "Transaction rolled back after a concurrent change ({}); attempt {} of {}",
            e.getClass().getSimpleName(),
            attempt + 1,
            ATTEMPTS);
      }
    }
  }
}
