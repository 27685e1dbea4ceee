package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.config.JourneysProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

class ServerSecretTest {

  private final DataSource ds = ChannelFixtures.migratedH2();
  private final JdbcTemplate jdbc = new JdbcTemplate(ds);

  private ServerSecret node(String configured) {
    return new ServerSecret(
        new JourneysProperties(URI.create("http://localhost"), configured, null, null, null),
        jdbc,
        new DataSourceTransactionManager(ds));
  }

  @Test
  void generatedSecretIsStoredOnceAndSharedByEveryNode() throws Exception {
    ServerSecret a = node("");
    ServerSecret b = node(null);

    CompletableFuture<byte[]> fromA = CompletableFuture.supplyAsync(() -> a.derive("x"));
    CompletableFuture<byte[]> fromB = CompletableFuture.supplyAsync(() -> b.derive("x"));

    assertThat(fromA.get()).isEqualTo(fromB.get()).hasSize(32);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from journeys_setting where name = ?",
                Integer.class,
                ServerSecret.SETTING))
        .isOne();
    assertThat(node(null).derive("x")).isEqualTo(fromA.get());
  }

  @Test
  void purposesGetDifferentKeys() {
    ServerSecret secret = node("");
    assertThat(secret.derive("a")).isNotEqualTo(secret.derive("b"));
  }

  @Test
  void configuredSecretWinsAndIsNotStored() {
    byte[] key = node("configured-secret").derive("x");

    assertThat(key)
        .isEqualTo(node("configured-secret").derive("x"))
        .isNotEqualTo(node("other-secret").derive("x"));
    assertThat(jdbc.queryForObject("select count(*) from journeys_setting", Integer.class))
        .isZero();
    assertThat(new String(key, StandardCharsets.ISO_8859_1)).isNotEqualTo("configured-secret");
  }
}
