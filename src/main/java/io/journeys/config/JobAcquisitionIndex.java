package io.journeys.config;

import java.sql.DatabaseMetaData;
import org.camunda.bpm.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Job acquisition by due date (docs/operating.md "Throughput", docs/camunda-internals.md): when the
 * engine acquires the jobs due first ({@code job-executor-acquire-by-due-date}, with {@code
 * ensure-job-due-date-not-null} so that every job has a due date), its acquisition query ends in
 * {@code order by DUEDATE_} and an index on {@code ACT_RU_JOB (DUEDATE_)} finds the due jobs at
 * once instead of reading every waiting timer; Camunda's schema has no such index. At start-up,
 * after the engine has built or checked its schema (so not a Flyway migration: Flyway runs before
 * the engine creates its tables on a fresh database), this creates the index if it is missing
 * ({@code concurrently} on PostgreSQL: job writes go on meanwhile) and gives a due date to jobs
 * that have none (made by a node without {@code ensure-job-due-date-not-null}; acquisition would
 * never see them).
 */
@Component
class JobAcquisitionIndex implements SmartInitializingSingleton {

  static final String INDEX = "journeys_idx_job_due";
  private static final Logger log = LoggerFactory.getLogger(JobAcquisitionIndex.class);

  private final JdbcTemplate jdbc;
  private final String table;
  private final boolean byDueDate;

  /**
   * @param engine not used: asked for so that the engine has built its schema before this runs
   */
  JobAcquisitionIndex(
      ProcessEngine engine,
      JdbcTemplate jdbc,
      @Value("${camunda.bpm.database.table-prefix:}") String tablePrefix,
      @Value("${camunda.bpm.generic-properties.properties.job-executor-acquire-by-due-date:false}")
          boolean byDueDate) {
    if (!tablePrefix.matches("[A-Za-z0-9_.]*")) {
      throw new IllegalArgumentException("unexpected Camunda table prefix '" + tablePrefix + "'");
    }
    this.jdbc = jdbc;
    this.table = tablePrefix + "ACT_RU_JOB";
    this.byDueDate = byDueDate;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (!byDueDate) {
      return;
    }
    String product = jdbc.execute((ConnectionCallback<String>) c -> productName(c.getMetaData()));
    boolean postgres = product != null && product.toLowerCase().contains("postgres");
    jdbc.execute(
        "create index "
            + (postgres ? "concurrently " : "")
            + "if not exists "
            + INDEX
            + " on "
            + table
            + " (DUEDATE_)");
    int updated =
        jdbc.update("update " + table + " set DUEDATE_ = CURRENT_TIMESTAMP where DUEDATE_ is null");
    if (updated > 0) {
      log.info("{} jobs without a due date got one (acquisition by due date)", updated);
    }
  }

  private static String productName(DatabaseMetaData metaData) throws java.sql.SQLException {
    return metaData.getDatabaseProductName();
  }
}
