package io.journeys.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.journeys.support.ProductionPeers;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The two-node crash part of the fault suite (docs/hardening.md; {@code ./mvnw -Pfaults verify}).
 * The test JVM starts one PostgreSQL (fsync on), one Kafka broker (KRaft), GreenMail and a WireMock
 * SMS provider and CRM; two app nodes run as operating-system processes of their own ({@code java
 * -jar} on the packaged jar, production profile, job executors on, one Kafka consumer group).
 * {@code cart.added} events for N contacts (Kafka, in five waves) start cart-abandonment; the
 * journeys' timers are brought forward in the database as they are created (the nodes are other
 * processes, so no engine clock can be moved: a compressed-time run), so every contact goes through
 * the whole journey: the "stock running low" email, the SMS, the high-intent tag and the CRM sync.
 * During each wave one node, picked at random, is killed with {@code SIGKILL} at a random point of
 * the work and started again.
 *
 * <p>Checked at the end, against what the peers received (GreenMail by {@code Message-ID} and
 * recipient, the SMS stub and the CRM by {@code Idempotency-Key}): no contact got a message of a
 * step twice (zero duplicates); every contact's email is either delivered ({@code SENT}, at the
 * relay) or reported in doubt ({@code UNCERTAIN} with an incident on its journey); every journey
 * not halted by such an incident got its SMS and its CRM sync exactly once (zero silent loss); no
 * journey is left waiting and no job is left due (nothing stuck). Printed: intended against
 * observed, the in-doubt emails separately (which of them in fact reached the relay), per kill. The
 * in-doubt count is reported against the target of at most one per kill, not asserted.
 *
 * <p>{@code -Dfaults.crash.contacts=N} (default 2,000; 10,000 is the manual run), {@code
 * -Dfaults.crash.kills=K} (5), {@code -Dfaults.crash.seed=S} (the kill points and victims;
 * printed), {@code -Dfaults.crash.limit-minutes=M} (20: the longest any one wait may take).
 */
class TwoNodeCrashFaultSuite {

  static final int CONTACTS = Integer.getInteger("faults.crash.contacts", 2_000);
  static final int KILLS = Integer.getInteger("faults.crash.kills", 5);
  static final Duration LIMIT = Duration.ofMinutes(Long.getLong("faults.crash.limit-minutes", 20));

  static final String JOURNEY = "cart-abandonment";
  static final String EMAIL = "cart-low-stock";
  static final String SMS = "cart-sms-video";
  static final String CRM_PATH = "/crm/leads";

  /** The root executions of cart-abandonment instances. */
  private static final String INSTANCES =
      "select id_ from act_ru_execution where parent_id_ is null and proc_def_id_ like '"
          + JOURNEY
          + ":%'";

  /**
   * Units of work per contact for the kill points: event stored, journey started, email delivered
   * or in doubt, SMS delivered, journey ended.
   */
  private static final int UNITS = 5;

  private static final String PROGRESS =
      "select (select count(*) from event where type = 'cart.added')"
          + " + (select count(*) from act_hi_procinst where proc_def_key_ = '"
          + JOURNEY
          + "') + (select count(*) from act_hi_procinst where proc_def_key_ = '"
          + JOURNEY
          + "' and end_time_ is not null)"
          + " + (select count(*) from message where template in ('"
          + EMAIL
          + "', '"
          + SMS
          + "') and status in ('SENT', 'UNCERTAIN'))";

  private final ObjectMapper json = new ObjectMapper();

  record Kill(
      int number,
      String node,
      long pid,
      double atSeconds,
      String progress,
      Set<String> sendingAfter,
      double restartSeconds) {}

  @Test
  void nodesKilledHardLoseNothingAndSendNothingTwice() throws Exception {
    long seed = Long.getLong("faults.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    long t0 = System.nanoTime();
    try (ProductionPeers peers = new ProductionPeers(20)) {
      peers.http.stubFor(
          post(urlEqualTo(CRM_PATH))
              .willReturn(aResponse().withStatus(200).withBody("{\"ok\":true}")));
      JdbcTemplate jdbc = new JdbcTemplate(peers.postgres.getPostgresDatabase());
      Path logs = Path.of("target", "faults", "two-node-crash");
      List<AppNodeProcess> nodes =
          List.of(
              new AppNodeProcess("node1", settings(peers), logs),
              new AppNodeProcess("node2", settings(peers), logs));
      ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
      List<Kill> kills = new ArrayList<>();
      try {
        // one after the other: the first start creates the schema
        for (AppNodeProcess node : nodes) {
          node.start();
          node.awaitReady(LIMIT);
        }
        System.out.printf(
            "two-node crash run: %,d contacts, %d kills, seed %d; nodes up after %.0f s (pids %d,"
                + " %d), logs in %s%n",
            CONTACTS, KILLS, seed, seconds(t0), nodes.get(0).pid(), nodes.get(1).pid(), logs);
        clock.scheduleWithFixedDelay(() -> bringTimersForward(jdbc), 0, 500, TimeUnit.MILLISECONDS);

        int wave = (CONTACTS + KILLS - 1) / KILLS;
        try (KafkaProducer<String, String> producer = producer(peers)) {
          for (int k = 0; k < KILLS; k++) {
            int from = Math.min(CONTACTS, k * wave);
            int to = Math.min(CONTACTS, from + wave);
            for (int i = from; i < to; i++) {
              producer.send(new ProducerRecord<>("journeys.events", email(i), cartAdded(i)));
            }
            producer.flush();
            long done = count(jdbc, PROGRESS);
            long target =
                done + (long) ((UNITS * (long) to - done) * (0.05 + 0.85 * random.nextDouble()));
            await(jdbc, nodes, c -> c >= target, PROGRESS);
            AppNodeProcess victim = nodes.get(random.nextInt(nodes.size()));
            double at = seconds(t0);
            long pid = victim.pid();
            victim.kill();
            String progress = progress(jdbc);
            Set<String> sending =
                new HashSet<>(
                    jdbc.queryForList(
                        "select id from message where status = 'SENDING'", String.class));
            System.out.printf(
                "kill %d: SIGKILL to %s (pid %d) at %.0f s, %s, %d messages SENDING%n",
                k + 1, victim.name, pid, at, progress, sending.size());
            long restart = System.nanoTime();
            victim.start();
            victim.awaitReady(LIMIT);
            kills.add(new Kill(k + 1, victim.name, pid, at, progress, sending, seconds(restart)));
          }
        }
        // every journey ended or halted by an incident
        await(
            jdbc,
            nodes,
            c -> c == 0,
            "select count(*) from ("
                + INSTANCES
                + ") e where not exists (select 1 from act_ru_incident i where i.proc_inst_id_ ="
                + " e.id_) union all select abs("
                + CONTACTS
                + " - count(*)) from act_hi_procinst where proc_def_key_ = '"
                + JOURNEY
                + "'");
      } finally {
        clock.shutdownNow();
        for (AppNodeProcess node : nodes) {
          node.stop();
        }
      }
      report(peers, jdbc, kills, seconds(t0));
    }
  }

  /** The production shape on the peers, plus the CRM stub and what a compressed-time run needs. */
  private static Map<String, String> settings(ProductionPeers peers) {
    Map<String, String> settings = peers.nodeSettings();
    settings.put("journeys.crm.url", peers.http.baseUrl() + CRM_PATH);
    settings.put("journeys.crm.secret", "crash-suite-crm-secret");
    // a job locked by a killed node is taken up again when its lock expires (Camunda: 5 minutes);
    // 30 s is far above any job's run time here and keeps the run short
    settings.put(
        "camunda.bpm.job-execution.lock-time-in-millis",
        Long.toString(Long.getLong("faults.crash.lock-millis", 30_000)));
    // timers brought forward by the test are picked up within 2 s (Camunda: up to 60 s)
    settings.put("camunda.bpm.job-execution.wait-time-in-millis", "200");
    settings.put("camunda.bpm.job-execution.max-wait", "2000");
    settings.put("camunda.bpm.webapp.enabled", "false");
    settings.put("logging.level.root", "WARN");
    return settings;
  }

  /**
   * Compressed time: every job of a cart-abandonment instance that is due later (its timers, a
   * failed job's next retry) is made due now. Rows a node holds are skipped, not waited for.
   */
  private static void bringTimersForward(JdbcTemplate jdbc) {
    try {
      jdbc.update(
          "update act_ru_job set duedate_ = now() where id_ in (select id_ from act_ru_job"
              + " where duedate_ > now() and retries_ > 0"
              + " and (lock_exp_time_ is null or lock_exp_time_ < now())"
              + " and process_instance_id_ in ("
              + INSTANCES
              + ") for update skip locked)");
    } catch (RuntimeException e) {
      System.out.println("bringing timers forward failed this time: " + e.getMessage());
    }
  }

  private static String email(int i) {
    return "crash-" + i + "@crash.test";
  }

  private static String phone(int i) {
    return "+86138" + String.format("%08d", i);
  }

  private static String cartAdded(int i) {
    return "{\"id\":\"crash-"
        + i
        + "\",\"type\":\"cart.added\",\"email\":\""
        + email(i)
        + "\",\"phone\":\""
        + phone(i)
        + "\",\"occurredAt\":\""
        + Instant.now()
        + "\",\"properties\":{\"productId\":\"p-1\",\"quantity\":1,\"price\":9.9}}";
  }

  private static KafkaProducer<String, String> producer(ProductionPeers peers) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, peers.kafka.getBrokersAsString());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(config);
  }

  private static String progress(JdbcTemplate jdbc) {
    return String.format(
        "events %d, started %d, emails %d, SMS %d, ended %d",
        count(jdbc, "select count(*) from event where type = 'cart.added'"),
        count(jdbc, "select count(*) from act_hi_procinst where proc_def_key_ = ?", JOURNEY),
        count(
            jdbc,
            "select count(*) from message where template = ? and status in ('SENT', 'UNCERTAIN')",
            EMAIL),
        count(jdbc, "select count(*) from message where template = ? and status = 'SENT'", SMS),
        count(
            jdbc,
            "select count(*) from act_hi_procinst where proc_def_key_ = ? and end_time_ is not null",
            JOURNEY));
  }

  private static long count(JdbcTemplate jdbc, String sql, Object... args) {
    Long count = jdbc.queryForObject(sql, Long.class, args);
    return count == null ? 0 : count;
  }

  /**
   * Polls until {@code sql} (one count, or several added up) satisfies {@code done}; fails after
   * {@link #LIMIT} or when a node that is not being restarted has ended.
   */
  private static void await(
      JdbcTemplate jdbc, List<AppNodeProcess> nodes, LongPredicate done, String sql)
      throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (true) {
      long count = jdbc.queryForList(sql, Long.class).stream().mapToLong(Long::longValue).sum();
      if (done.test(count)) {
        return;
      }
      for (AppNodeProcess node : nodes) {
        if (!node.alive()) {
          throw new IllegalStateException(node.name + " ended by itself; see " + node.log());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "gave up after " + LIMIT + " at " + count + " (" + progress(jdbc) + "): " + sql);
      }
      Thread.sleep(200);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** {@code <first 32 hex digits of sha256(idempotency key)@public host>}, as the email adapter. */
  private static String messageIdHeader(String idempotencyKey) throws Exception {
    byte[] hash =
        MessageDigest.getInstance("SHA-256")
            .digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
    return "<" + HexFormat.of().formatHex(hash).substring(0, 32) + "@localhost>";
  }

  record Row(String id, String key, String contactId, String status, String instance) {}

  private void report(ProductionPeers peers, JdbcTemplate jdbc, List<Kill> kills, double secs)
      throws Exception {
    // what the database says
    Map<String, Row> emails = new HashMap<>();
    Map<String, Row> sms = new HashMap<>();
    List<Row> doubleRows = new ArrayList<>();
    jdbc.query(
        "select id, idempotency_key, contact_id, template, status, process_instance_id"
            + " from message where template in (?, ?)",
        rs -> {
          Row row =
              new Row(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(5),
                  rs.getString(6));
          Map<String, Row> byContact = EMAIL.equals(rs.getString(4)) ? emails : sms;
          if (byContact.putIfAbsent(row.contactId(), row) != null) {
            doubleRows.add(row);
          }
        },
        EMAIL,
        SMS);
    List<String> contacts = jdbc.queryForList("select id from contact", String.class);
    long events = count(jdbc, "select count(*) from event where type = 'cart.added'");
    long started =
        count(jdbc, "select count(*) from act_hi_procinst where proc_def_key_ = ?", JOURNEY);
    long startedContacts =
        count(
            jdbc,
            "select count(distinct business_key_) from act_hi_procinst where proc_def_key_ = ?",
            JOURNEY);
    Set<String> ended =
        new HashSet<>(
            jdbc.queryForList(
                "select id_ from act_hi_procinst where proc_def_key_ = ? and end_time_ is not null",
                String.class,
                JOURNEY));
    Map<String, String> incidents = new HashMap<>();
    jdbc.query(
        "select proc_inst_id_, incident_msg_ from act_ru_incident",
        rs -> {
          incidents.put(rs.getString(1), rs.getString(2));
        });
    long dueJobs =
        count(
            jdbc,
            "select count(*) from act_ru_job where retries_ > 0 and process_instance_id_ is not"
                + " null");
    long waiting =
        count(
            jdbc,
            "select count(*) from ("
                + INSTANCES
                + ") e where not exists (select 1 from act_ru_incident i where i.proc_inst_id_ ="
                + " e.id_)");

    // what the relay received
    Map<String, Integer> atRelay = new HashMap<>();
    Map<String, Integer> perRecipient = new HashMap<>();
    MimeMessage[] received = peers.mail.getReceivedMessages();
    for (MimeMessage m : received) {
      atRelay.merge(m.getMessageID(), 1, Integer::sum);
      for (var to : m.getRecipients(Message.RecipientType.TO)) {
        perRecipient.merge(((InternetAddress) to).getAddress().toLowerCase(), 1, Integer::sum);
      }
    }
    // what the SMS provider and the CRM received
    Map<String, Integer> smsKeys = new HashMap<>();
    Map<String, Set<String>> smsKeysPerPhone = new HashMap<>();
    Map<String, Integer> crmKeys = new HashMap<>();
    for (ServeEvent event : peers.http.getAllServeEvents()) {
      String url = event.getRequest().getUrl();
      String key = event.getRequest().getHeader("Idempotency-Key");
      if (ProductionPeers.SMS_PATH.equals(url)) {
        smsKeys.merge(key, 1, Integer::sum);
        JsonNode body = json.readTree(event.getRequest().getBodyAsString());
        smsKeysPerPhone.computeIfAbsent(body.path("to").asText(), t -> new HashSet<>()).add(key);
      } else if (CRM_PATH.equals(url)) {
        crmKeys.merge(key, 1, Integer::sum);
      }
    }

    // emails: SENT and at the relay once, or UNCERTAIN with an incident; nothing else
    int emailsSent = 0;
    int inDoubt = 0;
    int inDoubtAtRelay = 0;
    List<String> lostEmails = new ArrayList<>();
    List<String> inDoubtWithoutIncident = new ArrayList<>();
    Set<String> uncertainIds = new HashSet<>();
    Set<String> knownMessageIds = new HashSet<>();
    for (String contact : contacts) {
      Row row = emails.get(contact);
      if (row == null) {
        lostEmails.add(contact + ": no email");
        continue;
      }
      String header = messageIdHeader(row.key());
      knownMessageIds.add(header);
      int copies = atRelay.getOrDefault(header, 0);
      if ("SENT".equals(row.status())) {
        emailsSent++;
        if (copies == 0) {
          lostEmails.add(contact + ": SENT but not at the relay");
        }
      } else if ("UNCERTAIN".equals(row.status())) {
        inDoubt++;
        uncertainIds.add(row.id());
        inDoubtAtRelay += copies > 0 ? 1 : 0;
        if (!incidents.containsKey(row.instance())) {
          inDoubtWithoutIncident.add(contact);
        }
      } else {
        lostEmails.add(contact + ": email " + row.status());
      }
    }
    int relayDuplicates = 0;
    for (int copies : atRelay.values()) {
      relayDuplicates += copies - 1;
    }
    long recipientsTwice = perRecipient.values().stream().filter(c -> c > 1).count();
    long unknownAtRelay =
        atRelay.keySet().stream().filter(id -> !knownMessageIds.contains(id)).count();

    // journeys not halted by an in-doubt email: SMS and CRM sync, once each
    Set<String> halted = new HashSet<>(incidents.keySet());
    List<String> unexplainedIncidents = new ArrayList<>();
    Set<String> uncertainInstances = new HashSet<>();
    for (Row row : emails.values()) {
      if ("UNCERTAIN".equals(row.status())) {
        uncertainInstances.add(row.instance());
      }
    }
    incidents.forEach(
        (instance, message) -> {
          if (!uncertainInstances.contains(instance)) {
            unexplainedIncidents.add(instance + ": " + message);
          }
        });
    int smsIntended = 0;
    int smsSent = 0;
    List<String> lostSms = new ArrayList<>();
    for (Row email : emails.values()) {
      if (halted.contains(email.instance())) {
        continue;
      }
      smsIntended++;
      Row row = sms.get(email.contactId());
      if (row == null || !"SENT".equals(row.status())) {
        lostSms.add(email.contactId() + ": " + (row == null ? "no SMS" : "SMS " + row.status()));
      } else if (!smsKeys.containsKey(row.key())) {
        lostSms.add(email.contactId() + ": SMS SENT but not at the provider");
      } else {
        smsSent++;
      }
    }
    long smsResent = smsKeys.values().stream().mapToLong(c -> c - 1).sum();
    long phonesWithTwoKeys = smsKeysPerPhone.values().stream().filter(k -> k.size() > 1).count();
    Set<String> crmInstances = new HashSet<>();
    long crmTwice = 0;
    for (String key : crmKeys.keySet()) {
      if (!crmInstances.add(key.substring(0, key.indexOf(':')))) {
        crmTwice++;
      }
    }
    long crmResent = crmKeys.values().stream().mapToLong(c -> c - 1).sum();
    Set<String> crmMissing = new HashSet<>(ended);
    crmMissing.removeAll(crmInstances);

    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%n== two-node crash run: %,d contacts, %d kills (SIGKILL), %.0f s%n",
            CONTACTS, kills.size(), secs));
    out.append(
        String.format(
            "cart.added events      intended %,d  stored %,d  contacts %,d%n",
            CONTACTS, events, contacts.size()));
    out.append(
        String.format(
            "journeys               intended %,d  started %,d (%,d contacts)  ended %,d  halted by"
                + " an incident %d  still waiting %d  jobs left %d%n",
            CONTACTS, started, startedContacts, ended.size(), halted.size(), waiting, dueJobs));
    out.append(
        String.format(
            "stock emails (SMTP)    intended %,d  SENT %,d  in doubt (UNCERTAIN, incident) %d, of"
                + " which at the relay %d  lost %d  relay copies %,d  duplicates %d (recipients"
                + " twice %d, unknown %d)%n",
            CONTACTS,
            emailsSent,
            inDoubt,
            inDoubtAtRelay,
            lostEmails.size(),
            received.length,
            relayDuplicates,
            recipientsTwice,
            unknownAtRelay));
    out.append(
        String.format(
            "SMS (HTTP)             intended %,d  SENT and at the provider %,d  lost %d  keys %,d"
                + "  resent with the same key %d (a provider drops them)  phones with two keys %d%n",
            smsIntended, smsSent, lostSms.size(), smsKeys.size(), smsResent, phonesWithTwoKeys));
    out.append(
        String.format(
            "CRM sync (HTTP)        intended %,d  journeys synced %,d  missing %d  twice %d  resent"
                + " with the same key %d%n",
            ended.size(), crmInstances.size(), crmMissing.size(), crmTwice, crmResent));
    Set<String> attributed = new HashSet<>();
    for (Kill kill : kills) {
      Set<String> own = new HashSet<>(kill.sendingAfter());
      own.retainAll(uncertainIds);
      attributed.addAll(own);
      out.append(
          String.format(
              "kill %d: %s (pid %d) at %.0f s, %s; SENDING after the kill %d; in doubt %d%s;"
                  + " back after %.0f s%n",
              kill.number(),
              kill.node(),
              kill.pid(),
              kill.atSeconds(),
              kill.progress(),
              kill.sendingAfter().size(),
              own.size(),
              own.size() <= 1 ? "" : " (target: at most 1)",
              kill.restartSeconds()));
    }
    Set<String> unattributed = new HashSet<>(uncertainIds);
    unattributed.removeAll(attributed);
    out.append(
        String.format(
            "in doubt: %d in %d kills (target at most 1 per kill: %s), %d not from a kill's"
                + " SENDING rows%n",
            inDoubt,
            kills.size(),
            inDoubt <= kills.size() ? "met" : "not met",
            unattributed.size()));
    String text = out.toString();
    System.out.println(text);
    Files.createDirectories(Path.of("target", "faults"));
    Files.writeString(Path.of("target", "faults", "two-node-crash.txt"), text);

    assertThat(kills).as("kills during the run").hasSize(KILLS);
    assertThat(events).as("events stored").isEqualTo(CONTACTS);
    assertThat(contacts).as("contacts").hasSize(CONTACTS);
    assertThat(started).as("journeys started (once per contact)").isEqualTo(CONTACTS);
    assertThat(startedContacts).as("contacts with a journey").isEqualTo(CONTACTS);
    assertThat(doubleRows).as("outbox rows twice for a contact and step").isEmpty();
    assertThat(relayDuplicates).as("emails at the relay twice (by Message-ID)").isZero();
    assertThat(recipientsTwice).as("recipients with two emails").isZero();
    assertThat(unknownAtRelay).as("emails at the relay of no outbox row").isZero();
    assertThat(phonesWithTwoKeys).as("phones with SMS under two keys").isZero();
    assertThat(crmTwice).as("journeys synced to the CRM under two keys").isZero();
    assertThat(lostEmails).as("emails neither delivered nor in doubt").isEmpty();
    assertThat(inDoubtWithoutIncident).as("in-doubt emails without an incident").isEmpty();
    assertThat(lostSms).as("SMS lost").isEmpty();
    assertThat(crmMissing).as("journeys ended without a CRM sync").isEmpty();
    assertThat(unexplainedIncidents).as("incidents other than in-doubt emails").isEmpty();
    assertThat(waiting).as("journeys still waiting (stuck)").isZero();
    assertThat(dueJobs).as("jobs left that could still run (stuck)").isZero();
    assertThat(ended.size() + halted.size()).as("journeys ended or halted").isEqualTo(CONTACTS);
  }
}
