package io.journeys.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * Migrations are one linear sequence from V53 on. Installations of the era of per-feature version
 * ranges (V1–V52, applied out of order, so in different orders) must upgrade with the application's
 * Flyway settings and {@link LinearMigrations}; after that, a migration numbered below an applied
 * one is refused.
 */
class MigrationUpgradeTest {

  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
  private static final Properties SETTINGS = settings();

  @Test
  void theApplicationRunsFlywayInOrder() {
    assertThat(SETTINGS.getProperty("spring.flyway.out-of-order")).isEqualTo("false");
  }

  @Test
  void anInstallationThatAppliedTheRangesInAnotherOrderTakesTheNextMigration(@TempDir Path dir)
      throws IOException {
    String url = database();
    // V20, V21 (channel) and V50 (send rules) came after V51/V52 on this installation
    Predicate<String> late = name -> name.startsWith("V2") || name.startsWith("V50__");
    Path early = copy(dir.resolve("early"), name -> ranged(name) && !late.test(name));
    application(url, early).outOfOrder(true).load().migrate();
    application(url, copy(dir.resolve("all"), MigrationUpgradeTest::ranged))
        .outOfOrder(true)
        .load()
        .migrate();
    Path current = copy(dir.resolve("current"), name -> true);
    String next = nextVersion(current);
    Files.writeString(
        current.resolve("V" + next + "__upgrade_probe.sql"),
        "create table upgrade_probe (id integer primary key);\n");

    Flyway upgrade = application(url, current).load();
    new LinearMigrations().migrate(upgrade);

    upgrade.validate();
    assertThat(upgrade.info().pending()).isEmpty();
    assertThat(upgrade.info().current().getVersion().getVersion()).isEqualTo(next);
    assertThat(upgrade.info().all())
        .extracting(MigrationInfo::getState)
        .containsOnly(MigrationState.SUCCESS, MigrationState.OUT_OF_ORDER);
  }

  @Test
  void anOlderInstallationGetsTheLowerNumberedRangedMigrationsOnce(@TempDir Path dir)
      throws IOException {
    String url = database();
    application(url, copy(dir.resolve("older"), name -> ranged(name) && !name.startsWith("V2")))
        .load()
        .migrate();
    Path current = copy(dir.resolve("current"), name -> true);

    Flyway upgrade = application(url, current).load();
    new LinearMigrations().migrate(upgrade);

    upgrade.validate();
    assertThat(upgrade.info().all()).hasSize(count(current));
    assertThat(upgrade.info().all())
        .filteredOn(m -> m.getState() == MigrationState.OUT_OF_ORDER)
        .extracting(m -> m.getVersion().getVersion())
        .containsExactlyInAnyOrder("20", "21");
  }

  @Test
  void aMigrationNumberedBelowAnAppliedOneIsRefused(@TempDir Path dir) throws IOException {
    String url = database();
    Path current = copy(dir.resolve("current"), name -> true);
    String next = nextVersion(current);
    Files.writeString(
        current.resolve("V" + next + "__upgrade_probe.sql"),
        "create table upgrade_probe (id integer primary key);\n");
    new LinearMigrations().migrate(application(url, current).load());
    String highest = highest(dir.resolve("current")).getVersion();
    Files.writeString(
        current.resolve("V" + previous(highest) + "_5__late.sql"),
        "create table late_probe (id integer primary key);\n");

    Flyway late = application(url, current).load();
    assertThatThrownBy(() -> new LinearMigrations().migrate(late))
        .isInstanceOf(FlywayValidateException.class)
        .hasMessageContaining("not applied");
  }

  /** Flyway as the application configures it (application.yaml). */
  private static FluentConfiguration application(String url, Path locations) {
    return Flyway.configure()
        .dataSource(url, "sa", "")
        .table(SETTINGS.getProperty("spring.flyway.table"))
        .baselineOnMigrate(
            Boolean.parseBoolean(SETTINGS.getProperty("spring.flyway.baseline-on-migrate")))
        .outOfOrder(Boolean.parseBoolean(SETTINGS.getProperty("spring.flyway.out-of-order")))
        .locations("filesystem:" + locations);
  }

  private static boolean ranged(String name) {
    MigrationVersion version = MigrationVersion.fromVersion(name.substring(1, name.indexOf("__")));
    return version.compareTo(MigrationVersion.fromVersion(LinearMigrations.LAST_RANGED_VERSION))
        <= 0;
  }

  private static Path copy(Path into, Predicate<String> which) throws IOException {
    Files.createDirectories(into);
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
        if (which.test(file.getFileName().toString())) {
          Files.copy(file, into.resolve(file.getFileName()));
        }
      }
    }
    return into;
  }

  private static MigrationVersion highest(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.matches("V.+__.*\\.sql"))
          .map(n -> MigrationVersion.fromVersion(n.substring(1, n.indexOf("__"))))
          .max(Comparator.naturalOrder())
          .orElseThrow();
    }
  }

  private static String nextVersion(Path dir) throws IOException {
    return String.valueOf(Integer.parseInt(highest(dir).getVersion().split("\\.")[0]) + 1);
  }

  private static String previous(String version) {
    return String.valueOf(Integer.parseInt(version.split("\\.")[0]) - 1);
  }

  private static int count(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return (int) files.count();
    }
  }

  private static String database() {
    return "jdbc:h2:mem:upgrade-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  private static Properties settings() {
    YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(new ClassPathResource("application.yaml"));
    return yaml.getObject();
  }
}
