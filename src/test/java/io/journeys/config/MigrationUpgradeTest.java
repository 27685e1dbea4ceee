package io.journeys.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * Features own ranges of migration versions, so an upgrade can bring a migration numbered below
 * one that is already applied. A database migrated by an older release (here: without the
 * channel range V20–29) must upgrade with the application's Flyway settings.
 */
class MigrationUpgradeTest {

  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

  @Test
  void theApplicationRunsFlywayOutOfOrder() {
    YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(new ClassPathResource("application.yaml"));
    Properties properties = yaml.getObject();
    assertThat(properties.getProperty("spring.flyway.out-of-order")).isEqualTo("true");
  }

  @Test
  void aDatabaseOfAnOlderReleaseTakesLowerNumberedMigrationsAddedSince(@TempDir Path older)
      throws IOException {
    List<Path> all;
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      all = files.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
    }
    for (Path file : all) {
      if (!file.getFileName().toString().startsWith("V2")) {
        Files.copy(file, older.resolve(file.getFileName()));
      }
    }
    String url = "jdbc:h2:mem:upgrade;DB_CLOSE_DELAY=-1";
    Flyway.configure().dataSource(url, "sa", "").table("journeys_schema_history")
        .locations("filesystem:" + older).load().migrate();

    Flyway upgrade = Flyway.configure().dataSource(url, "sa", "")
        .table("journeys_schema_history").locations("filesystem:" + MIGRATIONS)
        .outOfOrder(true).load();
    upgrade.migrate();

    assertThat(upgrade.info().all())
        .hasSize(all.size())
        .extracting(MigrationInfo::getState)
        .containsOnly(MigrationState.SUCCESS, MigrationState.OUT_OF_ORDER);
    assertThat(upgrade.info().all())
        .filteredOn(m -> m.getState() == MigrationState.OUT_OF_ORDER)
        .extracting(m -> m.getVersion().getVersion())
        .contains("20", "21");
  }
}
