package io.journeys.config;

import java.util.Locale;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Which database a feature talks to: PostgreSQL in production, H2 in the embedded default and in
 * tests. Features that use PostgreSQL-only SQL (set-based upserts, planner settings) ask here once
 * and keep the answer.
 */
public final class Databases {

  private Databases() {}

  /** Whether the database behind {@code jdbc} is PostgreSQL (asks the driver's metadata). */
  public static boolean isPostgres(JdbcOperations jdbc) {
    String product =
        jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
    return product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
  }
}
