package io.journeys.config;

import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * Flyway runs one linear sequence ({@code spring.flyway.out-of-order: false}): the next migration
 * takes the highest version + 1, and a migration numbered below an applied one stops start-up
 * (docs/modules.md, "Migrations").
 *
 * <p>Up to {@value #LAST_RANGED_VERSION} each feature had a range of versions and Flyway ran out of
 * order, so an installation of an older release may lack a lower-numbered migration of that era
 * (e.g. V20 applied after V50). Once, before the linear run, this applies such gaps out of order,
 * up to {@value #LAST_RANGED_VERSION} only; nothing after it is ever applied out of order.
 */
@Component
class LinearMigrations implements FlywayMigrationStrategy {

  private static final Logger log = LoggerFactory.getLogger(LinearMigrations.class);

  /** The last migration of the era of per-feature version ranges. */
  static final String LAST_RANGED_VERSION = "52";

  @Override
  public void migrate(Flyway flyway) {
    MigrationVersion lastRanged = MigrationVersion.fromVersion(LAST_RANGED_VERSION);
    MigrationInfo[] gaps =
        Arrays.stream(flyway.info().all())
            .filter(
                m ->
                    m.getState() == MigrationState.IGNORED
                        && m.getVersion() != null
                        && m.getVersion().compareTo(lastRanged) <= 0)
            .toArray(MigrationInfo[]::new);
    if (gaps.length > 0) {
      log.info(
          "Applying {} migration(s) of the per-feature version ranges out of order, up to V{}",
          gaps.length,
          LAST_RANGED_VERSION);
      Flyway.configure(flyway.getConfiguration().getClassLoader())
          .configuration(flyway.getConfiguration())
          .outOfOrder(true)
          .target(lastRanged)
          .load()
          .migrate();
    }
    flyway.migrate();
  }
}
