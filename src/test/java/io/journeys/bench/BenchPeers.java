package io.journeys.bench;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import io.journeys.JourneysApplication;
import io.journeys.support.ProductionPeers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The production shape for the benchmark ({@link Bench}): the peers of {@link ProductionPeers}
 * (PostgreSQL with {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on;
 * figures with them off do not count), the SMS provider stub answering in 50 ms, and the
 * application on them with its job executor stopped (the benchmark starts it with the settings it
 * measures).
 */
final class BenchPeers implements AutoCloseable {

  static final String SMS_PATH = ProductionPeers.SMS_PATH;
  static final String ADMIN = ProductionPeers.ADMIN;
  static final String PASSWORD = ProductionPeers.PASSWORD;

  final ProductionPeers peers;
  final EmbeddedPostgres postgres;
  final EmbeddedKafkaKraftBroker kafka;
  final GreenMail mail;
  final WireMockServer http;
  final ConfigurableApplicationContext app;
  final Map<String, String> durability = new LinkedHashMap<>();

  BenchPeers(int providerLatencyMillis) throws Exception {
    peers = new ProductionPeers(providerLatencyMillis);
    postgres = peers.postgres;
    kafka = peers.kafka;
    mail = peers.mail;
    http = peers.http;
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
    Map<String, String> settings = peers.nodeSettings();
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
    settings.put("logging.level.root", "WARN");
    settings.put("logging.level.benchmark", "INFO");
    return new SpringApplicationBuilder(JourneysApplication.class)
        .profiles("production")
        .run(ProductionPeers.arguments(settings));
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
    peers.close();
  }
}
