package io.journeys.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The database of the process tests' engine ({@code camunda-process-test.cfg.xml}): in-memory H2
 * with the application's migrations applied, so that the real send path (outbox) and the analytics
 * engine plugin write their tables in the engine's transaction, as they do in production.
 */
public final class ProcessTestDatabase {

  private ProcessTestDatabase() {}

  /** A small pool on {@code jdbcUrl}, migrated by Flyway as the application migrates it. */
  public static DataSource migrated(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(4);
    config.setPoolName("process-test");
    HikariDataSource dataSource = new HikariDataSource(config);
    Flyway.configure().dataSource(dataSource).table("journeys_schema_history").load().migrate();
    return dataSource;
  }
}
