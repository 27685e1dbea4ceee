package io.journeys.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.journeys.support.IntegrationTestSupport;
import io.journeys.support.MessageStatuses;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
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
 *
 * <p>Before the crash the database's sessions are switched to {@code synchronous_commit=on} (the
 * embedded server starts with {@code off}, which loses the last commits in a crash, unlike a
 * production server); the journeys' timers, started an hour away, are brought forward to fall due
 * during the outage. Every wait is bounded and fails with what the job executor was doing.
 */
class PostgresOutageFaultSuite extends IntegrationTestSupport {

  static final int JOURNEYS = 20;
  static final int EVENTS = 200;
  static final int OUTAGE_SECONDS = 5;

  /** When the timers are due, counted from just before the database goes down. */
  static final int TIMER_SECONDS = 3;

  static final String PROCESS = "faults-pg-outage";

  @Autowired RepositoryService repository;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired DataSource dataSource;

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
    List<String> timers =
        management.createJobQuery().timers().list().stream()
            .filter(j -> instances.contains(j.getProcessInstanceId()))
            .map(j -> j.getId())
            .toList();
    assertThat(timers).as("one timer per journey").hasSize(JOURNEYS);
    int eventsBefore = count("select count(*) from event where id like ?", "pg-" + run + "-%");
    int contactsBefore =
        count("select count(*) from contact where id like ?", "c-pg-out-" + run + "-%");
    durableCommits();
    Path data = Path.of(jdbc.queryForObject("show data_directory", String.class));
    String postgres = Files.readString(data.resolve("postmaster.opts")).trim();
    Path pgCtl = Path.of(firstToken(postgres)).resolveSibling("pg_ctl");

    // every timer comes due while the database is down: the journeys started with a timer an hour
    // away (starting them can take seconds on a busy machine), which is brought forward here
    Instant due = Instant.now().plusSeconds(TIMER_SECONDS);
    for (String timer : timers) {
      management.setJobDuedate(timer, Date.from(due));
    }
    Instant down = Instant.now();
    Instant backAt = Collections.max(List.of(down.plusSeconds(OUTAGE_SECONDS), due.plusSeconds(1)));
    pgCtl(pgCtl.toString(), "stop", "-D", data.toString(), "-m", "immediate", "-w");
    try {
      assertThat(due)
          .as("the timers are due after the database went down (moving them took too long)")
          .isAfter(Instant.now());
      try (KafkaProducer<String, byte[]> producer = producer()) {
        for (int n = 0; n < EVENTS; n++) {
          producer.send(new ProducerRecord<>("journeys.events", "k" + (n % 10), event(n)));
        }
        producer.flush();
      }
      // the journeys' timers fall due meanwhile
      await()
          .pollDelay(max(Duration.between(Instant.now(), backAt), Duration.ZERO))
          .atMost(Duration.ofSeconds(60))
          .until(() -> true);
    } finally {
      // whatever happened meanwhile, the server comes back: the suites after this one share it
      pgCtl(
          pgCtl.toString(),
          "start",
          "-D",
          data.toString(),
          "-w",
          "-t",
          "60",
          "-o",
          options(postgres, data.toString()));
    }
    Instant up = Instant.now();

    await("the " + EVENTS + " events produced during the outage stored")
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> count("select count(*) from event where id like ?", "pg-" + run + "-%"),
            n -> n == EVENTS);
    Instant eventsStored = Instant.now();
    int storedDuring = count("select count(*) from event where id like ?", "pg-" + run + "-%");
    try {
      await("the " + JOURNEYS + " journeys past their email (timer fired, email sent)")
          .atMost(Duration.ofSeconds(120))
          .until(() -> waitingAfterEmail(instances), n -> n == JOURNEYS);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\n" + jobsAndJobThreads(instances), e);
    }
    Instant emailsSent = Instant.now();
    ResponseEntity<String> posted =
        rest.postForEntity(
            "/api/events",
            new HttpEntity<>(new String(event(EVENTS), StandardCharsets.UTF_8), json()),
            String.class);
    int storedAfter = count("select count(*) from event where id like ?", "pg-" + run + "-%");
    int contactsAfter =
        count("select count(*) from contact where id like ?", "c-pg-out-" + run + "-%");
    long waiting = waitingAfterEmail(instances);
    Map<String, Integer> statuses = MessageStatuses.of(jdbc, "c-pg-out-" + run + "-");
    Map<String, Integer> byMessageId = new HashMap<>();
    for (MimeMessage mail : greenMail.getReceivedMessages()) {
      if (mail.getAllRecipients()[0].toString().startsWith("c-pg-out-" + run + "-")) {
        byMessageId.merge(mail.getMessageID(), 1, Integer::sum);
      }
    }
    int atRelay = byMessageId.values().stream().mapToInt(Integer::intValue).sum();
    long duplicated = byMessageId.values().stream().filter(n -> n > 1).count();
    long incidents =
        runtime.createIncidentQuery().processDefinitionKeyIn(PROCESS).list().stream()
            .filter(i -> instances.contains(i.getProcessInstanceId()))
            .count();

    System.out.printf(
        "%nPostgreSQL down (pg_ctl stop -m immediate, then start): %.1f s between stop and ready,"
            + " %d timers due meanwhile%n"
            + "  committed before: intended %d contacts kept, observed %d%n"
            + "  Kafka intake:     intended %d events produced during the outage stored, observed %d"
            + " (%.1f s after the database was back)%n"
            + "  job executor:     intended %d timers fired and %d emails sent once, 0 incidents;"
            + " observed %d journeys past their email (%.1f s after), %d at the relay (%d distinct,"
            + " %d duplicated), statuses %s, %d incidents%n"
            + "  API after:        intended 2xx for a new event, observed %d (%d events stored)%n%n",
        Duration.between(down, up).toMillis() / 1000.0,
        due.isBefore(up) ? timers.size() : 0,
        contactsBefore,
        contactsAfter,
        EVENTS,
        storedDuring,
        Duration.between(up, eventsStored).toMillis() / 1000.0,
        JOURNEYS,
        JOURNEYS,
        waiting,
        Duration.between(up, emailsSent).toMillis() / 1000.0,
        atRelay,
        byMessageId.size(),
        duplicated,
        statuses,
        incidents,
        posted.getStatusCode().value(),
        storedAfter);
    assertThat(eventsBefore).isZero();
    assertThat(contactsAfter).isEqualTo(contactsBefore).isEqualTo(JOURNEYS);
    assertThat(storedDuring).isEqualTo(EVENTS);
    assertThat(waiting).isEqualTo(JOURNEYS);
    assertThat(byMessageId).hasSize(JOURNEYS);
    assertThat(duplicated).isZero();
    assertThat(statuses).containsOnlyKeys("SENT").containsEntry("SENT", JOURNEYS);
    assertThat(incidents).isZero();
    assertThat(posted.getStatusCode().is2xxSuccessful()).isTrue();
    assertThat(storedAfter).isEqualTo(EVENTS + 1);
  }

  /** What the job executor is doing, for a failure message. */
  private String jobsAndJobThreads(List<String> instances) {
    StringBuilder out = new StringBuilder("jobs of the journeys:\n");
    management.createJobQuery().list().stream()
        .filter(j -> instances.contains(j.getProcessInstanceId()))
        .forEach(
            j ->
                out.append("  ")
                    .append(j.getId())
                    .append(" due ")
                    .append(j.getDuedate())
                    .append(" retries ")
                    .append(j.getRetries())
                    .append(" exception ")
                    .append(j.getExceptionMessage())
                    .append('\n'));
    jdbc.query(
        "select id_, lock_owner_, lock_exp_time_, duedate_ from act_ru_job",
        rs -> {
          out.append("  row ")
              .append(rs.getString(1))
              .append(" lock ")
              .append(rs.getString(2))
              .append(" until ")
              .append(rs.getTimestamp(3))
              .append(" due ")
              .append(rs.getTimestamp(4))
              .append('\n');
        });
    out.append("job threads:\n");
    Thread.getAllStackTraces()
        .forEach(
            (thread, stack) -> {
              String name = thread.getName();
              if (name.contains("JobExecutor") || name.startsWith("camunda")) {
                out.append("  ").append(name).append(' ').append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                  out.append("    at ").append(frame).append('\n');
                }
              }
            });
    return out.toString();
  }

  /**
   * The embedded server runs with {@code synchronous_commit=off} (zonky's default, for speed): a
   * crash then loses the transactions of its last few hundred milliseconds, which a production
   * server (default {@code on}) never does; the first run lost timer updates committed just before
   * the stop that way. Here every session of the database gets {@code on}: the pool's connections
   * are replaced, and this waits (bounded) until no session older than the setting is left.
   */
  private void durableCommits() throws java.sql.SQLException {
    jdbc.execute("alter database postgres set synchronous_commit = on");
    Timestamp since = jdbc.queryForObject("select clock_timestamp()", Timestamp.class);
    HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
    await("every session of the application opened anew with synchronous_commit=on")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              pool.softEvictConnections();
              return jdbc.queryForObject(
                  "select count(*) from pg_stat_activity where datname = current_database()"
                      + " and backend_type = 'client backend' and backend_start < ?",
                  Integer.class,
                  since);
            },
            older -> older == 0);
    assertThat(jdbc.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
  }

  @AfterEach
  void asEmbeddedAgain() {
    jdbc.execute("alter database postgres reset synchronous_commit");
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private long waitingAfterEmail(List<String> instances) {
    return runtime
        .createExecutionQuery()
        .processDefinitionKey(PROCESS)
        .activityId("Task_Wait")
        .list()
        .stream()
        .filter(e -> instances.contains(e.getProcessInstanceId()))
        .count();
  }

  /**
   * A timer, then an email: the timer is brought forward to fall due while the database is down.
   */
  private static BpmnModelInstance journey() {
    return Bpmn.createExecutableProcess(PROCESS)
        .camundaHistoryTimeToLive(1)
        .startEvent()
        .intermediateCatchEvent("Timer_Wait")
        .timerWithDuration("PT1H")
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
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", command) + " did not end within 120 s: " + Files.readString(log));
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed (exit code "
              + process.exitValue()
              + "): "
              + Files.readString(log));
    }
  }
}
