package io.journeys.contact;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.channel.DirectSends;
import io.journeys.channel.MessageSender;
import io.journeys.channel.SendRequest;
import io.journeys.journey.JourneyConstants;
import io.journeys.support.IntegrationTestSupport;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Double opt-in for email end to end on PostgreSQL and SMTP (GreenMail): email consent given while
 * double opt-in is on is pending; the {@code email-opt-in} process sends exactly one confirmation
 * email through the send rules, which refuse every other email; the signed link's page changes
 * nothing, its button confirms (granted, source {@code double-opt-in}), ends the process, and from
 * then on emails go out. The shared context runs with double opt-in off (the other tests' contacts
 * get email at once), so the consent is given through a {@link ConsentConfirmations} with it on,
 * over the context's own beans.
 */
class DoubleOptInIntegrationTest extends IntegrationTestSupport {

  private static final Pattern LINK = Pattern.compile("https?://\\S+/optin/([A-Za-z0-9_-]+)");

  @Autowired ContactRepository contacts;
  @Autowired ConsentRows consentRows;
  @Autowired NamedParameterJdbcTemplate named;
  @Autowired ApplicationEventPublisher publisher;
  @Autowired PlatformTransactionManager txManager;
  @Autowired MessageSender sender;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;

  @Test
  void onlyTheConfirmationGoesOutUntilTheContactConfirmsThroughTheLink() throws Exception {
    String contactId = "c-optin-" + UUID.randomUUID();
    String email = contactId + "@example.com";
    putContact(contactId, email);
    ConsentConfirmations doubleOptIn =
        new ConsentConfirmations(contacts, consentRows, named, publisher, true);

    new TransactionTemplate(txManager)
        .executeWithoutResult(
            tx -> doubleOptIn.put(contactId, "email", true, "signup-form", Instant.now()));

    assertThat(consent(contactId)).containsEntry("granted", false);
    assertThat(rest.getForObject("/api/contacts/" + contactId, String.class))
        .as("the profile shows the request")
        .contains("\"pendingSince\":");
    waitFor("the confirmation email to " + email)
        .until(() -> mailsTo(email), mails -> !mails.isEmpty());
    List<MimeMessage> mails = mailsTo(email);
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getSubject()).isEqualTo("Please confirm your subscription");
    // the relay has the mail before the dispatch job's transaction marks it SENT
    waitFor("the confirmation to " + contactId + " SENT")
        .until(() -> status(contactId, "opt-in-confirmation"), "SENT"::equals);
    String token = token(mails.get(0));
    // finding 7: the link is made when the email is rendered; no engine variable holds it, so
    // no reader of engine history can confirm for the contact
    assertThat(
            jdbc.queryForObject(
                """
                select count(*) from act_hi_varinst v join act_hi_procinst p
                  on p.proc_inst_id_ = v.proc_inst_id_
                where p.business_key_ = ? and (v.name_ = 'confirmUrl' or v.text_ like ?)""",
                Integer.class,
                contactId,
                "%" + token + "%"))
        .isZero();

    assertThat(DirectSends.verdict(sender, email(contactId, "lead-welcome")))
        .isEqualTo("SUPPRESSED: email consent awaiting confirmation");

    ResponseEntity<String> page = anonymous().getForEntity("/optin/" + token, String.class);
    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getBody()).contains("<form method=\"post\"");
    assertThat(consent(contactId)).as("GET changes nothing").containsEntry("granted", false);

    ResponseEntity<String> confirmed =
        anonymous().postForEntity("/optin/" + token, null, String.class);
    assertThat(confirmed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(confirmed.getBody()).contains("confirmed");
    assertThat(consent(contactId))
        .containsEntry("granted", true)
        .containsEntry("source", ConsentConfirmations.CONFIRMED_SOURCE);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event where contact_id = ? and type = ?",
                Integer.class,
                contactId,
                JourneyConstants.MSG_EMAIL_CONSENT_CONFIRMED))
        .isOne();
    assertThat(
            runtime
                .createProcessInstanceQuery()
                .processDefinitionKey(JourneyConstants.PROCESS_EMAIL_OPT_IN)
                .processInstanceBusinessKey(contactId)
                .count())
        .as("the opt-in process ended")
        .isZero();

    assertThat(DirectSends.verdict(sender, email(contactId, "lead-welcome"))).isEqualTo("SENT");
    assertThat(anonymous().postForEntity("/optin/" + token, null, String.class).getBody())
        .contains("nothing to confirm");
    assertThat(
            waitFor("the second email to " + email).until(() -> mailsTo(email), m -> m.size() == 2))
        .hasSize(2);
  }

  @Test
  void aLinkSentToAnEarlierAddressConfirmsNothingAndTheNewAddressGetsItsOwnLink() throws Exception {
    String contactId = "c-optin-moved-" + UUID.randomUUID();
    String oldEmail = contactId + "@old.example.com";
    String newEmail = contactId + "@new.example.com";
    putContact(contactId, oldEmail);
    ConsentConfirmations doubleOptIn =
        new ConsentConfirmations(contacts, consentRows, named, publisher, true);
    new TransactionTemplate(txManager)
        .executeWithoutResult(
            tx -> doubleOptIn.put(contactId, "email", true, "signup-form", Instant.now()));
    String oldToken =
        token(
            waitFor("the confirmation email to " + oldEmail)
                .until(() -> mailsTo(oldEmail), mails -> !mails.isEmpty())
                .get(0));
    String firstProcess = optInProcess(contactId);
    // the confirmation step has committed: the process waits for the confirmation or 7 days
    waitFor("the confirmation step of " + firstProcess + " committed")
        .until(
            () -> management.createJobQuery().processInstanceId(firstProcess).list(),
            jobs ->
                jobs.size() == 1
                    && management.createJobQuery().processInstanceId(firstProcess).timers().count()
                        == 1);

    // the address changes while the request is pending (PUT through the API, double opt-in
    // itself being off in this context: a pending request is renewed all the same)
    putContact(contactId, newEmail);

    for (ResponseEntity<String> refused :
        List.of(
            anonymous().getForEntity("/optin/" + oldToken, String.class),
            anonymous().postForEntity("/optin/" + oldToken, null, String.class))) {
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getBody())
          .contains("no longer the one we have for you")
          .contains("已不是您当前的地址")
          .doesNotContain("<form")
          .doesNotContain("Exception");
    }
    assertThat(consent(contactId)).as("nothing changed").containsEntry("granted", false);
    assertThat(
            jdbc.queryForObject(
                "select pending_since from contact_consent where contact_id = ?"
                    + " and channel = 'email'",
                java.sql.Timestamp.class,
                contactId))
        .isNotNull();
    List<MimeMessage> toNew =
        waitFor("the confirmation email to " + newEmail)
            .until(() -> mailsTo(newEmail), mails -> !mails.isEmpty());
    assertThat(toNew).hasSize(1);
    assertThat(optInProcess(contactId))
        .as("a fresh confirmation process")
        .isNotEqualTo(firstProcess);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from event where contact_id = ? and type = ?",
                Integer.class,
                contactId,
                JourneyConstants.MSG_EMAIL_CONSENT_REQUESTED))
        .isEqualTo(2);

    String newToken = token(toNew.get(0));
    ResponseEntity<String> confirmed =
        anonymous().postForEntity("/optin/" + newToken, null, String.class);
    assertThat(confirmed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(consent(contactId))
        .containsEntry("granted", true)
        .containsEntry("source", ConsentConfirmations.CONFIRMED_SOURCE);
    assertThat(anonymous().postForEntity("/optin/" + oldToken, null, String.class).getStatusCode())
        .as("the old link stays refused")
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(mailsTo(oldEmail))
        .as("one confirmation email to the old address, no more")
        .hasSize(1);
  }

  private String optInProcess(String contactId) {
    return runtime
        .createProcessInstanceQuery()
        .processDefinitionKey(JourneyConstants.PROCESS_EMAIL_OPT_IN)
        .processInstanceBusinessKey(contactId)
        .singleResult()
        .getId();
  }

  @Test
  void tamperedLinksAreRefusedWithoutAStackTrace() {
    ResponseEntity<String> get = anonymous().getForEntity("/optin/not-a-token", String.class);
    ResponseEntity<String> post = anonymous().postForEntity("/optin/AAAA", null, String.class);

    assertThat(get.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(post.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(post.getBody()).contains("not valid").doesNotContain("Exception");
  }

  private Map<String, Object> consent(String contactId) {
    return jdbc.queryForMap(
        "select granted, source from contact_consent where contact_id = ?"
            + " and channel = 'email'",
        contactId);
  }

  private String status(String contactId, String template) {
    return jdbc.queryForObject(
        "select status from message where contact_id = ? and template = ?",
        String.class,
        contactId,
        template);
  }

  private static SendRequest email(String contactId, String template) {
    return new SendRequest(
        "pi-" + UUID.randomUUID() + ":Task_Send:0",
        contactId,
        Channel.EMAIL,
        template,
        null,
        "Task_Send",
        Map.of());
  }

  private static String token(MimeMessage mail) throws Exception {
    MimeMultipart parts = (MimeMultipart) mail.getContent();
    for (int i = 0; i < parts.getCount(); i++) {
      BodyPart part = parts.getBodyPart(i);
      if (part.isMimeType("text/plain")) {
        Matcher link = LINK.matcher((String) part.getContent());
        assertThat(link.find()).as("confirmation link in the text part").isTrue();
        return link.group(1);
      }
    }
    throw new AssertionError("no text part");
  }

  private void putContact(String contactId, String email) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String body = "{\"email\":\"" + email + "\",\"firstName\":\"Lei\",\"locale\":\"en\"}";
    assertThat(
            rest.exchange(
                    "/api/contacts/" + contactId,
                    HttpMethod.PUT,
                    new HttpEntity<>(body, headers),
                    String.class)
                .getStatusCode()
                .is2xxSuccessful())
        .isTrue();
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
