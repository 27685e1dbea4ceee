package io.journeys.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import io.journeys.JourneysApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every {@code *IntegrationTest}: the production shape of Journeys on real components
 * started from Maven: PostgreSQL (embedded binaries), a Kafka broker (embedded, KRaft), an SMTP
 * server (GreenMail) and an HTTP CRM stub (WireMock). The components start once per test JVM and
 * are shared, as is the Spring context (tests use their own contact ids). The job executor runs for
 * real, so tests wait for outcomes with Awaitility.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "JOURNEYS_ADMIN_USER=admin",
      "JOURNEYS_ADMIN_PASSWORD=integration-secret",
      "journeys.crm.secret=crm-test-secret",
      "journeys.secret=integration-test-secret-0123456789",
      "camunda.bpm.job-execution.wait-time-in-millis=100",
      "camunda.bpm.job-execution.max-wait=500",
      "server.servlet.session.cookie.secure=false",
      "camunda.bpm.webapp.session-cookie.enable-secure-cookie=false",
      "camunda.bpm.webapp.csrf.enable-secure-cookie=false",
      // send rules: integration tests send at any hour to contacts in any timezone, several
      // messages a day; governance's own tests set up the rules they check
      "journeys.send-rules.quiet-hours.enabled=false",
      "journeys.send-rules.caps.all=1000/P1D, 2/P1D tag=capped",
      "journeys.hooks.test.secret=hook-test-secret",
      // rule-driven tags change no contact behind a test's back; scoring tests drive them
      "journeys.tags.worker=false",
      // nor does a re-scoring after a model change: ScoringIntegrationTest runs its batches itself
      // (the poll, every 30 s, could take the job between its deployment and its first batch)
      "journeys.scoring.model-poll=PT24H"
    })
@ActiveProfiles("production")
@Import(TestComponents.Lease.class)
public abstract class IntegrationTestSupport {

  public static final String CRM_PATH = "/crm/leads";
  public static final String CRM_SECRET = "crm-test-secret";

  protected static final EmbeddedPostgres postgres = TestComponents.postgres;
  protected static final EmbeddedKafkaKraftBroker kafka = TestComponents.kafka;
  protected static final GreenMail greenMail = TestComponents.greenMail;

  /** The HTTP peer: CRM stub at {@link #CRM_PATH}; other providers may add their own stubs. */
  protected static final WireMockServer crm = TestComponents.http;

  protected static final int serverPort = TestComponents.serverPort;

  public static final String ADMIN_USER = "admin";
  public static final String ADMIN_PASSWORD = "integration-secret";

  @Autowired private TestRestTemplate anonymousRest;

  /** HTTP client of the running server, authenticated as the admin ({@code journeys-admin}). */
  protected TestRestTemplate rest;

  @Autowired protected JdbcTemplate jdbc;

  @DynamicPropertySource
  static void components(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
    registry.add("journeys.kafka.bootstrap-servers", IntegrationTestSupport::kafkaBootstrap);
    registry.add("spring.kafka.bootstrap-servers", IntegrationTestSupport::kafkaBootstrap);
    registry.add("journeys.mail.smtp-host", () -> "127.0.0.1");
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
    registry.add("journeys.crm.url", () -> crm.baseUrl() + CRM_PATH);
    registry.add("server.port", () -> serverPort);
    registry.add("journeys.public-url", () -> "http://localhost:" + serverPort);
  }

  @BeforeEach
  void authenticateAsAdmin() {
    rest = anonymousRest.withBasicAuth(ADMIN_USER, ADMIN_PASSWORD);
  }

  /** HTTP client without credentials. */
  protected TestRestTemplate anonymous() {
    return anonymousRest;
  }

  /** HTTP client with the Basic credentials of {@code user}. */
  protected TestRestTemplate as(String user, String password) {
    return anonymousRest.withBasicAuth(user, password);
  }

  @BeforeEach
  void resetPeers() throws Exception {
    greenMail.purgeEmailFromAllMailboxes();
    crm.resetAll();
  }

  /**
   * A second app node: the same application on the same PostgreSQL and SMTP, its own engine,
   * connection pool and web server (random port), events handled in-process, and by default no job
   * executor. Without the Camunda webapps: they keep static state per JVM, and a second copy that
   * closes breaks the shared context's Tasklist (HandToSalesBrowserIntegrationTest).
   *
   * @param overrides properties that replace or add to those defaults
   */
  protected static ConfigurableApplicationContext secondNode(Map<String, String> overrides) {
    String url = postgres.getJdbcUrl("postgres", "postgres");
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("JOURNEYS_DB_URL", url);
    properties.put("JOURNEYS_DB_USER", "postgres");
    properties.put("spring.profiles.active", "production");
    properties.put("spring.datasource.url", url);
    properties.put("spring.datasource.username", "postgres");
    properties.put("spring.datasource.password", "");
    properties.put("JOURNEYS_ADMIN_USER", "admin");
    properties.put("JOURNEYS_ADMIN_PASSWORD", "integration-secret");
    properties.put("journeys.secret", "integration-test-secret-0123456789");
    properties.put("journeys.kafka.bootstrap-servers", "");
    properties.put("journeys.mail.smtp-host", "127.0.0.1");
    properties.put("spring.mail.host", "127.0.0.1");
    properties.put("spring.mail.port", Integer.toString(greenMail.getSmtp().getPort()));
    properties.put("server.port", "0");
    properties.put("camunda.bpm.process-engine-name", "node2");
    properties.put("camunda.bpm.job-execution.enabled", "false");
    properties.put("camunda.bpm.webapp.enabled", "false");
    properties.put("journeys.send-rules.quiet-hours.enabled", "false");
    properties.put("journeys.send-rules.caps.all", "1000/P1D, 2/P1D tag=capped");
    properties.putAll(overrides);
    return new SpringApplicationBuilder(JourneysApplication.class)
        .run(
            properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
  }

  protected static String kafkaBootstrap() {
    return kafka.getBrokersAsString();
  }
}
