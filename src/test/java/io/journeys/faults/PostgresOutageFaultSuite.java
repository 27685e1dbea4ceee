package io.journeys.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.journeys.support.IntegrationTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * PostgreSQL unreachable for a few seconds (docs/hardening.md, fault suite): the embedded
 * PostgreSQL server is stopped the hard way ({@code pg_ctl stop -m immediate}: no checkpoint, the
 * way a crashed or cut-off database server goes) and started again on the same port and data
 * directory, with the application running. Meanwhile timers of journeys fall due and events arrive
 * on Kafka. Intended: the application recovers without a restart: every event produced during the
 * outage is stored once the database is back, the job executor fires the due timers and sends the
 * emails, the API takes events again, and nothing committed before the outage is lost. Prints
 * intended vs observed.
 */
@Disabled(
    "not verified yet: its first run hung reading pg_ctl start's output (fixed since, not re-run);"
        + " see docs/hardening.md")
class PostgresOutageFaultSuite extends IntegrationTestSupport {

  static final int JOURNEYS = 20;
  static final int EVENTS = 200;
  static final int OUTAGE_SECONDS = 5;
  static final String PROCESS = "faults-pg-outage";

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void theApplicationRecoversWithoutARestartAndLosesNothingCommitted() throws Exception {
    repository.createDeployment().addModelInstance(PROCESS + ".bpmn", journey()).deploy();
    List<String> instances = new ArrayList<>();
    for (int i = 0; i < JOURNEYS; i++) {
      String contactId = "c-pg-out-" + run + "-" + i;
      putContact(contactId);
      instances.add(
          runtime
              .startProcessInstanceByKey(PROCESS, contactId, Map.of("contactId", contactId))
              .getId());
    }
    int eventsBefore = count("select count(*) from event where id like ?", "pg-" + run + "-%");
    int contactsBefore =
        count("select count(*) from contact where id like ?", "c-pg-out-" + run + "-%");
    Path data = Path.of(jdbc.queryForObject("show data_directory", String.class));
    String postgres = Files.readString(data.resolve("postmaster.opts")).trim();
    Path pgCtl = Path.of(firstToken(postgres)).resolveSibling("pg_ctl");

    Instant down = Instant.now();
    pgCtl(pgCtl.toString(), "stop", "-D", data.toString(), "-m", "immediate", "-w");
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (int n = 0; n < EVENTS; n++) {
        producer.send(new ProducerRecord<>("journeys.events", "k" + (n % 10), event(n)));
      }
      producer.flush();
    }
    // the journeys' timers (PT2S) fall due meanwhile
    await().pollDelay(Duration.ofSeconds(OUTAGE_SECONDS)).until(() -> true);
    pgCtl(
        pgCtl.toString(),
        "start",
        "-D",
        data.toString(),
        "-w",
        "-o",
        options(postgres, data.toString()));
    Instant up = Instant.now();

    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> count("select count(*) from event where id like ?", "pg-" + run + "-%"),
            n -> n == EVENTS);
    Instant eventsStored = Instant.now();
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                count(
                    "select count(*) from message where contact_id like ? and status = 'SENT'",
                    "c-pg-out-" + run + "-%"),
            n -> n == JOURNEYS);
    Instant emailsSent = Instant.now();
    ResponseEntity<String> posted =
        rest.postForEntity(
            "/api/events",
            new HttpEntity<>(new String(event(EVENTS), StandardCharsets.UTF_8), json()),
            String.class);
    int storedAfter = count("select count(*) from event where id like ?", "pg-" + run + "-%");
    int contactsAfter =
        count("select count(*) from contact where id like ?", "c-pg-out-" + run + "-%");
    long waiting =
        runtime
            .createExecutionQuery()
            .processDefinitionKey(PROCESS)
            .activityId("Task_Wait")
            .list()
            .stream()
            .filter(e -> instances.contains(e.getProcessInstanceId()))
            .count();
    long incidents = runtime.createIncidentQuery().processDefinitionKeyIn(PROCESS).count();

    System.out.printf(
        "%nPostgreSQL down %d s (pg_ctl stop -m immediate, then start; %.1f s between stop and"
            + " ready)%n"
            + "  committed before: intended %d contacts kept, observed %d%n"
            + "  Kafka intake:     intended %d events produced during the outage stored, observed %d"
            + " (%.1f s after the database was back)%n"
            + "  job executor:     intended %d timers fired and emails sent, observed %d journeys"
            + " past their email (%.1f s after), %d incidents%n"
            + "  API after:        intended 2xx for a new event, observed %d (%d events stored)%n%n",
        OUTAGE_SECONDS,
        Duration.between(down, up).toMillis() / 1000.0,
        contactsBefore,
        contactsAfter,
        EVENTS,
        EVENTS,
        Duration.between(up, eventsStored).toMillis() / 1000.0,
        JOURNEYS,
        waiting,
        Duration.between(up, emailsSent).toMillis() / 1000.0,
        incidents,
        posted.getStatusCode().value(),
        storedAfter);
    assertThat(eventsBefore).isZero();
    assertThat(contactsAfter).isEqualTo(contactsBefore).isEqualTo(JOURNEYS);
    assertThat(waiting).isEqualTo(JOURNEYS);
    assertThat(incidents).isZero();
    assertThat(posted.getStatusCode().is2xxSuccessful()).isTrue();
    assertThat(storedAfter).isEqualTo(EVENTS + 1);
  }

  /** A timer, then an email: the timer falls due while the database is down. */
  private static BpmnModelInstance journey() {
    return Bpmn.createExecutableProcess(PROCESS)
        .camundaHistoryTimeToLive(1)
        .startEvent()
        .intermediateCatchEvent("Timer_Wait")
        .timerWithDuration("PT2S")
        .serviceTask("Task_Email")
        .camundaAsyncBefore()
        .camundaFailedJobRetryTimeCycle("R3/PT1S")
        .camundaDelegateExpression("${sendMessageDelegate}")
        .camundaInputParameter("channel", "email")
        .camundaInputParameter("template", "onboarding-welcome")
        .userTask("Task_Wait")
        .endEvent()
        .done();
  }

  private byte[] event(int n) {
    return """
        {"id":"pg-%s-%d","type":"custom.fault.valid","email":"pg-%d-%s@example.com",\
        "occurredAt":"%s","properties":{"n":%d}}"""
        .formatted(run, n, n % 50, run, Instant.now(), n)
        .getBytes(StandardCharsets.UTF_8);
  }

  private int count(String sql, String like) {
    return jdbc.queryForObject(sql, Integer.class, like);
  }

  private void putContact(String contactId) {
    ResponseEntity<String> put =
        rest.exchange(
            "/api/contacts/" + contactId,
            org.springframework.http.HttpMethod.PUT,
            new HttpEntity<>(
                "{\"email\":\"" + contactId + "@example.com\",\"firstName\":\"Ann\"}", json()),
            String.class);
    assertThat(put.getStatusCode().is2xxSuccessful()).isTrue();
  }

  private static HttpHeaders json() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
  }

  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  private static String firstToken(String opts) {
    return opts.split(" ", 2)[0];
  }

  /** The server's own options from {@code postmaster.opts}, without the binary and {@code -D}. */
  private static String options(String opts, String data) {
    List<String> args = new ArrayList<>();
    Matcher m = QUOTED.matcher(opts.substring(firstToken(opts).length()));
    while (m.find()) {
      args.add(m.group(1));
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("-D")) {
        i++;
        continue;
      }
      out.append(out.isEmpty() ? "" : " ").append(quoteForPostgres(args.get(i)));
    }
    return out.toString();
  }

  private static String quoteForPostgres(String arg) {
    return arg.contains(" ") ? "'" + arg + "'" : arg;
  }

  /**
   * Runs pg_ctl with its output in a file: the server it starts inherits pg_ctl's output, so a pipe
   * would stay open for as long as the server runs (the first run hung there).
   */
  private static void pgCtl(String... command) throws Exception {
    Path log = Files.createTempFile("pg_ctl", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = process.waitFor(120, TimeUnit.SECONDS);
    String output = Files.readString(log);
    if (!ended || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }
}
