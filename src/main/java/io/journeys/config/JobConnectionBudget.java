package io.journeys.config;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A job thread may hold two database connections at once: the job's transaction, and a short {@code
 * REQUIRES_NEW} one for what must outlive a rollback of the job (a send verdict, a cap reservation,
 * a suppression). Refuses to start when the pool cannot give every job thread its second connection
 * and keep two for the acquisition thread and the web (finding 12): without this, job threads that
 * each hold one connection and wait for another exhaust the pool.
 */
@Component
class JobConnectionBudget {

  static final int HEADROOM = 2;

  JobConnectionBudget(Environment env, DataSource dataSource) {
    if (!env.getProperty("camunda.bpm.job-execution.enabled", Boolean.class, true)
        || !(dataSource instanceof HikariDataSource hikari)) {
      return;
    }
    int threads = env.getProperty("camunda.bpm.job-execution.max-pool-size", Integer.class, 10);
    check(threads, hikari.getMaximumPoolSize());
  }

  static void check(int jobThreads, int poolSize) {
    int needed = 2 * jobThreads + HEADROOM;
    if (poolSize < needed) {
      throw new InvalidSettingException(
          "the database pool ("
              + poolSize
              + " connections) is smaller than 2 x "
              + jobThreads
              + " job threads + "
              + HEADROOM
              + " = "
              + needed
              + ": a job thread may need a second"
              + " connection for records that outlive its transaction",
          "Raise JOURNEYS_DB_POOL_SIZE to at least " + needed + " or lower JOURNEYS_JOB_THREADS.");
    }
  }
}
