package io.journeys.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The peers of Journeys in its production shape, started by a test JVM for runs that need their own
 * (the benchmark, the two-node crash suite): PostgreSQL (embedded binaries) with {@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} on (zonky turns them off by default), a
 * Kafka broker (KRaft, topics {@code journeys.events} and its dead-letter topic, 6 partitions), an
 * SMTP server (GreenMail) and an SMS provider stub (WireMock) answering after a fixed latency.
 * {@link #nodeSettings} gives the settings of an app node on them.
 */
public final class ProductionPeers implements AutoCloseable {

  public static final String SMS_PATH = "/sms";
  public static final String ADMIN = "admin";
  public static final String PASSWORD = "benchmark-secret";

  public final EmbeddedPostgres postgres;
  public final EmbeddedKafkaKraftBroker kafka;
  public final GreenMail mail;
  public final WireMockServer http;

  public ProductionPeers(int providerLatencyMillis) throws Exception {
    postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "100")
            .start();
    kafka = new EmbeddedKafkaKraftBroker(1, 6, "journeys.events", "journeys.events-dlt");
    kafka.afterPropertiesSet();
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    http =
        new WireMockServer(
            WireMockConfiguration.options().dynamicPort().containerThreads(64).jettyAcceptors(2));
    http.start();
    http.stubFor(
        post(urlEqualTo(SMS_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withFixedDelay(providerLatencyMillis)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"ok\":true}")));
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  /**
   * The settings of an app node on these peers in the production shape (profile {@code
   * production}), as property names and values: database, admin login, server secret, Kafka, SMTP,
   * the SMS stub; quiet hours off and a cap of 1,000 messages a day, so that every contact gets its
   * messages now, whatever the hour. Callers add or override what their run needs ({@code
   * server.port} is 0 here).
   */
  public Map<String, String> nodeSettings() {
    String url = jdbcUrl();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("JOURNEYS_DB_URL", url);
    settings.put("JOURNEYS_DB_USER", "postgres");
    settings.put("spring.datasource.url", url);
    settings.put("spring.datasource.username", "postgres");
    settings.put("spring.datasource.password", "");
    settings.put("JOURNEYS_ADMIN_USER", ADMIN);
    settings.put("JOURNEYS_ADMIN_PASSWORD", PASSWORD);
    settings.put("journeys.secret", "benchmark-secret-0123456789abcdef");
    settings.put("server.port", "0");
    settings.put("journeys.public-url", "http://localhost");
    settings.put("journeys.kafka.bootstrap-servers", kafka.getBrokersAsString());
    settings.put("spring.kafka.bootstrap-servers", kafka.getBrokersAsString());
    settings.put("journeys.mail.smtp-host", "127.0.0.1");
    settings.put("spring.mail.host", "127.0.0.1");
    settings.put("spring.mail.port", Integer.toString(mail.getSmtp().getPort()));
    settings.put("journeys.sms.url", http.baseUrl() + SMS_PATH);
    settings.put("journeys.sms.token", "bench-token");
    // every contact gets its message now, whatever the hour; one of each per contact anyway
    settings.put("journeys.send-rules.quiet-hours.enabled", "false");
    settings.put("journeys.send-rules.caps.all", "1000/P1D");
    return settings;
  }

  /**
   * Settings as command-line arguments ({@code --name=value}), which win over application*.yaml
   * (default properties of a builder would not).
   */
  public static String[] arguments(Map<String, String> settings) {
    return settings.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  @Override
  public void close() throws Exception {
    http.stop();
    mail.stop();
    kafka.destroy();
    postgres.close();
  }
}
