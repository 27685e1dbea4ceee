package io.journeys.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.journeys.JourneysApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The production shape for the benchmark ({@link Bench}): PostgreSQL (embedded binaries) with
 * {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on (zonky turns them off
 * by default; figures with them off do not count), a Kafka broker (KRaft), an SMTP server
 * (GreenMail), an SMS provider stub answering in 50 ms (WireMock), and the application on them with
 * its job executor stopped (the benchmark starts it with the settings it measures).
 */
final class BenchPeers implements AutoCloseable {

  static final String SMS_PATH = "/sms";
  static final String ADMIN = "admin";
  static final String PASSWORD = "benchmark-secret";

  final EmbeddedPostgres postgres;
  final EmbeddedKafkaKraftBroker kafka;
  final GreenMail mail;
  final WireMockServer http;
  final ConfigurableApplicationContext app;
  final Map<String, String> durability = new LinkedHashMap<>();

  BenchPeers(int providerLatencyMillis) throws Exception {
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
    app = startNode("default");
    JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
    for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
      String value = jdbc.queryForObject("show " + setting, String.class);
      durability.put(setting, value);
      if (!"on".equals(value)) {
        throw new IllegalStateException(
            "PostgreSQL " + setting + " is " + value + "; figures would not count");
      }
    }
  }

  /**
   * An app node on these peers (its own engine, connection pool, web server and Kafka consumer in
   * the same consumer group), with its job executor stopped.
   */
  ConfigurableApplicationContext startNode(String engineName) {
    String url = postgres.getJdbcUrl("postgres", "postgres");
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
    // the benchmark starts and stops the job executor itself (BenchExecutor)
    settings.put("camunda.bpm.job-execution.enabled", "false");
    // Camunda's default executor (up to 10 threads) and the tuned one need 2 x threads + 2
    // connections (config/JobConnectionBudget), and the benchmark's own polls one more
    settings.put("JOURNEYS_DB_POOL_SIZE", "40");
    settings.put("camunda.bpm.process-engine-name", engineName);
    // the index for acquisition by due date (config/JobAcquisitionIndex); the rounds that measure
    // it turn the acquisition by due date on (BenchExecutor), the others off
    settings.put(
        "camunda.bpm.generic-properties.properties.job-executor-acquire-by-due-date", "true");
    // enrollments are picked up at once (the default poll is every 2 s)
    settings.put("journeys.enrollments.poll", "PT0.2S");
    settings.put("camunda.bpm.webapp.enabled", "false");
    // every contact gets its message now, whatever the hour; one of each per contact anyway
    settings.put("journeys.send-rules.quiet-hours.enabled", "false");
    settings.put("journeys.send-rules.caps.all", "1000/P1D");
    settings.put("logging.level.root", "WARN");
    settings.put("logging.level.benchmark", "INFO");
    return new SpringApplicationBuilder(JourneysApplication.class)
        .profiles("production")
        .run(
            settings.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
  }

  int port() {
    return port(app);
  }

  static int port(ConfigurableApplicationContext node) {
    return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
  }

  @Override
  public void close() throws Exception {
    app.close();
    http.stop();
    mail.stop();
    kafka.destroy();
    postgres.close();
  }
}
