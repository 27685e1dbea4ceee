package io.journeys.governance;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.channel.DirectSends;
import io.journeys.channel.MessageSender;
import io.journeys.channel.SendGate.Verdict;
import io.journeys.channel.SendGate.Verdict.Decision;
import io.journeys.channel.SendRequest;
import io.journeys.contact.Channel;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import io.journeys.support.IntegrationTestSupport;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The send rules on real PostgreSQL, SMTP (GreenMail) and HTTP: frequency caps exact with many
 * concurrent senders on two "nodes" (two connection pools and transaction managers on the one
 * database), unsubscribed contacts getting nothing from 1,000 pending sends, and signed provider
 * callbacks that suppress bounced addresses and unsubscribe SMS replies.
 */
class SendRulesIntegrationTest extends IntegrationTestSupport {

  private static final String HOOK_SECRET = "hook-test-secret";

  @Autowired MessageSender sender;
  @Autowired ContactDirectory contacts;
  @Autowired SuppressionList suppressions;
  @Autowired PlatformTransactionManager txManager;

  @Test
  void capIsExactWithManyConcurrentSendersOnTwoNodes() throws Exception {
    DriverManagerDataSource secondPool =
        new DriverManagerDataSource(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
    SendRules nodeA = rulesOn(jdbc, txManager);
    SendRules nodeB =
        rulesOn(new JdbcTemplate(secondPool), new DataSourceTransactionManager(secondPool));
    ContactView contact = contact("c-caps-" + UUID.randomUUID());

    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Callable<Verdict>> sends = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      SendRules node = i % 2 == 0 ? nodeA : nodeB;
      String channel = i % 3 == 0 ? "sms" : "email";
      sends.add(() -> node.check(UUID.randomUUID().toString(), request(contact, channel), contact));
    }
    List<Verdict> verdicts = new ArrayList<>();
    try {
      for (Future<Verdict> f : pool.invokeAll(sends)) {
        verdicts.add(f.get());
      }
    } finally {
      pool.shutdown();
    }

    assertThat(verdicts).filteredOn(v -> v.decision() == Decision.SEND).hasSize(2);
    assertThat(verdicts)
        .filteredOn(v -> v.decision() == Decision.SKIP)
        .hasSize(38)
        .allMatch(v -> v.describe().equals("SKIPPED: frequency cap all 2/P1D"));
    assertThat(
            jdbc.queryForObject(
                "select count(*) from send_reservation where contact_id = ?",
                Integer.class,
                contact.id()))
        .isEqualTo(2);
  }

  @Test
  void capIsExactWithTwoAppNodesOnOneDatabaseSendingConcurrently() throws Exception {
    String contactId = "c-nodes-" + UUID.randomUUID();
    String email = contactId + "@example.com";
    putContact(contactId, email);
    contacts.tag(contactId, "capped"); // 2/P1D for tag capped in both nodes' configuration
    try (ConfigurableApplicationContext node2 = secondNode(Map.of())) {
      MessageSender sender2 = node2.getBean(MessageSender.class);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Callable<String>> sends = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        MessageSender node = i % 2 == 0 ? sender : sender2;
        sends.add(() -> DirectSends.verdict(node, emailTo(contactId)));
      }
      List<String> verdicts = new ArrayList<>();
      try {
        for (Future<String> f : pool.invokeAll(sends)) {
          verdicts.add(f.get());
        }
      } finally {
        pool.shutdown();
      }

      assertThat(verdicts).filteredOn("SENT"::equals).hasSize(2);
      assertThat(verdicts)
          .filteredOn(v -> !v.equals("SENT"))
          .hasSize(14)
          .containsOnly("SKIPPED: frequency cap all 2/P1D tag=capped");
      waitFor("2 emails to " + email).until(() -> mailsTo(email), l -> l.size() >= 2);
      assertThat(mailsTo(email)).hasSize(2);
      assertThat(
              jdbc.queryForObject(
                  "select count(*) from message where contact_id = ?" + " and status = 'SKIPPED'",
                  Integer.class,
                  contactId))
          .isEqualTo(14);
    }
  }

  private SendRules rulesOn(JdbcTemplate jdbc, PlatformTransactionManager tx) {
    SendRulesProperties properties =
        new SendRulesProperties(
            Map.of("all", "2/P1D"),
            new SendRulesProperties.QuietHours(
                false, LocalTime.of(21, 0), LocalTime.of(8, 0), null),
            null,
            null,
            null);
    return new SendRules(
        new SuppressionList(jdbc, tx, SendRulesTest.HASHES),
        new SendCounter(jdbc, tx),
        SendRulesTest.ignoredEmails(jdbc.getDataSource()),
        properties,
        Instant::now);
  }

  @Test
  void aThousandPendingSendsToAnUnsubscribedContactSendNothing() throws Exception {
    String contactId = "c-unsub-" + UUID.randomUUID();
    String email = contactId + "@example.com";
    putContact(contactId, email);
    String first = DirectSends.messageId(sender, emailTo(contactId));
    waitFor("the email to " + email).until(() -> mailsTo(email), l -> l.size() == 1);
    assertThat(status(first)).isEqualTo("SENT");

    contacts.setConsent(contactId, Channel.EMAIL, false, "test");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(DirectSends.verdict(sender, emailTo(contactId)));
    }

    assertThat(ids).hasSize(1000).containsOnly("SUPPRESSED: no consent for email");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from message where contact_id = ?" + " and status = 'SUPPRESSED'",
                Integer.class,
                contactId))
        .isEqualTo(1000);
    assertThat(mailsTo(email)).hasSize(1);
  }

  @Test
  void hardBounceCallbackSuppressesTheAddressAndIsRecorded() throws Exception {
    String contactId = "c-bounce-" + UUID.randomUUID();
    String email = contactId + "@example.com";
    putContact(contactId, email);
    String messageId = DirectSends.messageId(sender, emailTo(contactId));
    waitFor("the email to " + email).until(() -> mailsTo(email), l -> l.size() == 1);

    String body =
        """
        {"type":"bounced","messageId":"%s","hard":true}"""
            .formatted(messageId);
    String ts = Long.toString(Instant.now().getEpochSecond());
    HttpEntity<String> signed = hook(body, ts, HookSignature.sign(HOOK_SECRET, ts, bytes(body)));
    ResponseEntity<String> accepted = rest.postForEntity("/hooks/test", signed, String.class);

    assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(events(contactId, "message.bounced"))
        .singleElement()
        .asString()
        .contains(messageId)
        .contains("\"hard\":true");
    assertThat(suppressions.reason("email", email.toUpperCase())).contains("hard-bounce");
    assertThat(DirectSends.verdict(sender, emailTo(contactId)))
        .isEqualTo("SUPPRESSED: email address suppressed (hard-bounce)");
    assertThat(mailsTo(email)).hasSize(1);

    ResponseEntity<String> replay = rest.postForEntity("/hooks/test", signed, String.class);
    assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(replay.getBody()).contains("\"error\":\"replayed callback\"");
  }

  @Test
  void badSignaturesStaleTimestampsAndUnknownProvidersAreRefused() {
    String body = "{\"type\":\"delivered\",\"messageId\":\"m-x\"}";
    String now = Long.toString(Instant.now().getEpochSecond());
    String stale = Long.toString(Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond());

    ResponseEntity<String> wrongSecret =
        rest.postForEntity(
            "/hooks/test",
            hook(body, now, HookSignature.sign("not-the-secret", now, bytes(body))),
            String.class);
    ResponseEntity<String> old =
        rest.postForEntity(
            "/hooks/test",
            hook(body, stale, HookSignature.sign(HOOK_SECRET, stale, bytes(body))),
            String.class);
    ResponseEntity<String> unknown =
        rest.postForEntity(
            "/hooks/nobody",
            hook(body, now, HookSignature.sign(HOOK_SECRET, now, bytes(body))),
            String.class);
    ResponseEntity<String> unsigned =
        rest.postForEntity("/hooks/test", new HttpEntity<>(body, json()), String.class);
    ResponseEntity<String> unknownMessage =
        rest.postForEntity(
            "/hooks/test",
            hook(body, now, HookSignature.sign(HOOK_SECRET, now, bytes(body))),
            String.class);

    assertThat(List.of(wrongSecret, old, unknown, unsigned))
        .allSatisfy(
            r -> {
              assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
              assertThat(r.getBody()).contains("\"error\"").doesNotContain("Exception");
            });
    assertThat(old.getBody()).contains("outside the allowed window");
    assertThat(unknownMessage.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknownMessage.getBody()).contains("unknown message");
  }

  /** Finding 10: a callback whose handling failed leaves no receipt; the retry is handled. */
  @Test
  void aCallbackWhoseHandlingFailedIsHandledAgainWhenRetried() {
    String body = "{\"type\":\"delivered\",\"messageId\":\"m-later-" + UUID.randomUUID() + "\"}";
    String now = Long.toString(Instant.now().getEpochSecond());
    HttpEntity<String> signed = hook(body, now, HookSignature.sign(HOOK_SECRET, now, bytes(body)));
    ResponseEntity<String> first = rest.postForEntity("/hooks/test", signed, String.class);
    ResponseEntity<String> retry = rest.postForEntity("/hooks/test", signed, String.class);
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(retry.getStatusCode()).as(retry.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(retry.getBody()).contains("unknown message").doesNotContain("replayed");
  }

  @Test
  void smsReplyTdUnsubscribesFromSms() {
    String contactId = "c-td-" + UUID.randomUUID();
    putContact(contactId, contactId + "@example.com");
    String messageId =
        DirectSends.messageId(
            sender,
            new SendRequest(
                "pi-" + UUID.randomUUID() + ":Task_Sms:0",
                contactId,
                Channel.SMS,
                "cart-sms-video",
                null,
                "Task_Sms",
                Map.of()));

    String body =
        """
        {"type":"replied","messageId":"%s","text":" 退订 "}"""
            .formatted(messageId);
    String ts = Long.toString(Instant.now().getEpochSecond());
    ResponseEntity<String> response =
        rest.postForEntity(
            "/hooks/test",
            hook(body, ts, HookSignature.sign(HOOK_SECRET, ts, bytes(body))),
            String.class);

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(contacts.find(contactId).orElseThrow().consent())
        .containsEntry("sms", false)
        .containsEntry("email", true);
    assertThat(events(contactId, "message.unsubscribed"))
        .singleElement()
        .asString()
        .contains("sms");
    assertThat(
            DirectSends.verdict(
                sender,
                new SendRequest(
                    "pi-" + UUID.randomUUID() + ":Task_Sms:0",
                    contactId,
                    Channel.SMS,
                    "cart-sms-video",
                    null,
                    "Task_Sms",
                    Map.of())))
        .isEqualTo("SUPPRESSED: no consent for sms");
  }

  private static ContactView contact(String id) {
    return new ContactView(
        id,
        id + "@example.com",
        null,
        null,
        null,
        "Asia/Shanghai",
        "en",
        null,
        0,
        Map.of(),
        Map.of(),
        Set.of(),
        Instant.now(),
        Instant.now());
  }

  private static SendRequest request(ContactView contact, String channel) {
    return new SendRequest(
        "pi-" + UUID.randomUUID() + ":Task_Send:0",
        contact.id(),
        Channel.parse(channel).orElseThrow(),
        "lead-welcome",
        null,
        "Task_Send",
        Map.of());
  }

  private static SendRequest emailTo(String contactId) {
    return new SendRequest(
        "pi-" + UUID.randomUUID() + ":Task_SendWelcomeEmail:0",
        contactId,
        Channel.EMAIL,
        "lead-welcome",
        null,
        "Task_SendWelcomeEmail",
        Map.of());
  }

  private String status(String messageId) {
    return jdbc.queryForObject("select status from message where id = ?", String.class, messageId);
  }

  private List<String> events(String contactId, String type) {
    return jdbc.queryForList(
        "select properties from event where contact_id = ? and type = ?",
        String.class,
        contactId,
        type);
  }

  private void putContact(String contactId, String email) {
    String body =
        """
        {"email":"%s","phone":"+86139%08d","firstName":"Lei","locale":"en",
         "timezone":"Asia/Shanghai","consent":{"email":true,"sms":true}}"""
            .formatted(
                email, java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000_000));
    ResponseEntity<String> response =
        rest.exchange(
            "/api/contacts/" + contactId,
            HttpMethod.PUT,
            new HttpEntity<>(body, json()),
            String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
  }

  private static HttpHeaders json() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return headers;
  }

  private static HttpEntity<String> hook(String body, String timestamp, String signature) {
    HttpHeaders headers = json();
    headers.set("X-Journeys-Timestamp", timestamp);
    headers.set("X-Journeys-Signature", signature);
    return new HttpEntity<>(body, headers);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<MimeMessage> mailsTo(String email) throws Exception {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      if (m.getAllRecipients()[0].toString().contains(email)) {
        found.add(m);
      }
    }
    return found;
  }
}
