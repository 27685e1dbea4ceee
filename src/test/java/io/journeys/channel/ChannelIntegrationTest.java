package io.journeys.channel;

import static io.journeys.support.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.journeys.contact.Channel;
import io.journeys.support.IntegrationTestSupport;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The email channel on real PostgreSQL and SMTP (GreenMail): one multipart email per key with
 * tracked links, open pixel, one-click unsubscribe headers and a Message-ID derived from the key;
 * SMTP failures become FAILED rows and exceptions, and the retry sends exactly one email; the links
 * taken from the received email work.
 */
class ChannelIntegrationTest extends IntegrationTestSupport {

  private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");
  private static final Pattern PIXEL = Pattern.compile("<img src=\"([^\"]+/t/o/[^\"]+)\"");

  @Autowired MessageSender sender;
  @Autowired JavaMailSender mailSender;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Test
  void emailIsSentOnceWithTrackedLinksPixelAndUnsubscribeHeaders() throws Exception {
    String contactId = "c-channel-" + UUID.randomUUID();
    String email = contactId + "@example.com";
    putContact(contactId, email, "zh-CN");
    String key = "pi-" + UUID.randomUUID() + ":Task_SendWelcomeEmail:0";
    SendRequest request =
        new SendRequest(
            key, contactId, Channel.EMAIL, "lead-welcome", null, "Task_SendWelcomeEmail", Map.of());

    String messageId = sender.send(request);
    assertThat(sender.send(request)).isEqualTo(messageId);

    MimeMessage mail = awaitMailsTo(email, 1).get(0);
    String base = "http://localhost:" + serverPort;
    assertThat(mail.getSubject()).isEqualTo("欢迎加入，这里有本周新品");
    assertThat(mail.getFrom()[0].toString()).contains("journeys@localhost");
    assertThat(mail.getMessageID()).isEqualTo("<" + sha256(key).substring(0, 32) + "@localhost>");
    assertThat(mail.getHeader("List-Unsubscribe", null)).matches("<" + base + "/u/[A-Za-z0-9_-]+>");
    assertThat(mail.getHeader("List-Unsubscribe-Post", null))
        .isEqualTo("List-Unsubscribe=One-Click");
    assertThat(mail.isMimeType("multipart/alternative")).isTrue();
    Multipart parts = (Multipart) mail.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
    assertThat((String) parts.getBodyPart(0).getContent()).contains("LiLei，");
    assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
    String html = (String) parts.getBodyPart(1).getContent();

    List<String> links = all(HREF, html);
    assertThat(links).hasSize(3).allMatch(l -> l.startsWith(base + "/t/c/"));
    assertThat(html).doesNotContain("shop.example.com");
    Matcher pixel = PIXEL.matcher(html);
    assertThat(pixel.find()).isTrue();
    assertThat(
            jdbc.queryForMap("select status, sent_at, detail from message where id = ?", messageId))
        .containsEntry("status", "SENT")
        .containsEntry("detail", null);

    HttpResponse<String> click = get(links.get(0));
    assertThat(click.statusCode()).isEqualTo(302);
    assertThat(click.headers().firstValue("Location"))
        .contains("https://shop.example.com/new?utm_source=journeys&utm_campaign=lead-welcome");
    assertThat(eventsOf(contactId, "email.clicked"))
        .singleElement()
        .asString()
        .contains(messageId)
        .contains("utm_campaign=lead-welcome");

    String token = links.get(0).substring(links.get(0).lastIndexOf('/') + 1);
    String tampered =
        token.substring(0, 20) + (token.charAt(20) == 'A' ? 'B' : 'A') + token.substring(21);
    HttpResponse<String> bad = get(base + "/t/c/" + tampered);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Location")).isEmpty();
    assertThat(eventsOf(contactId, "email.clicked")).hasSize(1);

    HttpResponse<String> gif = get(pixel.group(1));
    assertThat(gif.statusCode()).isEqualTo(200);
    assertThat(gif.headers().firstValue("Content-Type")).contains("image/gif");
    assertThat(eventsOf(contactId, "email.opened")).singleElement().asString().contains(messageId);

    String unsubscribe = mail.getHeader("List-Unsubscribe", null).replaceAll("^<|>$", "");
    assertThat(get(unsubscribe).statusCode()).isEqualTo(200);
    assertThat(emailConsent(contactId)).isTrue();

    // the preference page, anonymous and without cookies: keep email, withdraw app push
    HttpHeaders patch = new HttpHeaders();
    patch.setContentType(MediaType.parseMediaType("application/merge-patch+json"));
    assertThat(
            rest.exchange(
                    "/api/contacts/" + contactId,
                    HttpMethod.PATCH,
                    new HttpEntity<>("{\"consent\":{\"push\":true}}", patch),
                    String.class)
                .getStatusCode()
                .is2xxSuccessful())
        .isTrue();
    HttpResponse<String> preferences = get(unsubscribe + "/preferences");
    assertThat(preferences.statusCode()).isEqualTo(200);
    assertThat(preferences.body()).contains("value=\"email\" checked", "value=\"push\" checked");
    HttpResponse<String> saved =
        http.send(
            HttpRequest.newBuilder(URI.create(unsubscribe + "/preferences"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("keep=email"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(saved.statusCode()).isEqualTo(200);
    assertThat(consent(contactId, "push")).isFalse();
    assertThat(emailConsent(contactId)).isTrue();
    assertThat(eventsOf(contactId, "message.unsubscribed"))
        .singleElement()
        .asString()
        .contains("push");

    HttpResponse<String> oneClick =
        http.send(
            HttpRequest.newBuilder(URI.create(unsubscribe))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(oneClick.statusCode()).isEqualTo(200);
    assertThat(emailConsent(contactId)).isFalse();
    assertThat(eventsOf(contactId, "message.unsubscribed"))
        .hasSize(2)
        .anySatisfy(e -> assertThat(e).contains("email"));

    String afterUnsubscribe =
        sender.send(
            new SendRequest(
                "pi-" + UUID.randomUUID() + ":Task_SendFollowUp:0",
                contactId,
                Channel.EMAIL,
                "lead-nurture-followup",
                null,
                "Task_SendFollowUp",
                Map.of()));
    assertThat(
            jdbc.queryForObject(
                "select status from message where id = ?", String.class, afterUnsubscribe))
        .isEqualTo("SUPPRESSED");
    assertThat(mailsTo(email)).hasSize(1);
  }

  @Test
  void smtpFailureLeavesFailedRowAndTheRetrySendsExactlyOne() throws Exception {
    String contactId = "c-channel-" + UUID.randomUUID();
    String email = contactId + "@example.com";
    putContact(contactId, email, "en");
    SendRequest request =
        new SendRequest(
            "pi-" + UUID.randomUUID() + ":Task_SendReminder:0",
            contactId,
            Channel.EMAIL,
            "cart-reminder",
            null,
            "Task_SendReminder",
            Map.of());
    JavaMailSenderImpl smtp = (JavaMailSenderImpl) mailSender;
    int port = smtp.getPort();

    smtp.setPort(closedPort());
    try {
      assertThatThrownBy(() -> sender.send(request))
          .isInstanceOf(MessageSendException.class)
          .hasMessageStartingWith("SMTP delivery failed")
          .hasMessageNotContaining(email);
    } finally {
      smtp.setPort(port);
    }
    Map<String, Object> failed =
        jdbc.queryForMap(
            "select id, status, detail from message where idempotency_key = ?",
            request.idempotencyKey());
    assertThat(failed).containsEntry("status", "FAILED");
    assertThat((String) failed.get("detail"))
        .startsWith("SMTP delivery failed")
        .doesNotContain(email);

    assertThat(sender.send(request)).isEqualTo(failed.get("id"));
    assertThat(sender.send(request)).isEqualTo(failed.get("id"));

    assertThat(awaitMailsTo(email, 1)).hasSize(1);
    assertThat(
            jdbc.queryForObject(
                "select status from message where id = ?", String.class, failed.get("id")))
        .isEqualTo("SENT");
  }

  @Test
  void missingTemplateVariableFailsWithoutSending() {
    String contactId = "c-channel-" + UUID.randomUUID();
    putContact(contactId, contactId + "@example.com", "en");
    SendRequest request =
        new SendRequest(
            "pi-" + UUID.randomUUID() + ":Task_Strict:0",
            contactId,
            Channel.EMAIL,
            "test-strict",
            null,
            "Task_Strict",
            Map.of());

    assertThatThrownBy(() -> sender.send(request)).hasMessageContaining("'couponCode'");
    assertThat(
            jdbc.queryForObject(
                "select status from message where idempotency_key = ?",
                String.class,
                request.idempotencyKey()))
        .isEqualTo("FAILED");
    assertThat(mailsTo(contactId + "@example.com")).isEmpty();
  }

  private void putContact(String contactId, String email, String locale) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String body =
        """
        {"email":"%s","firstName":"Lei","lastName":"Li","locale":"%s","consent":{"email":true}}
        """
            .formatted(email, locale);
    ResponseEntity<String> response =
        rest.exchange(
            "/api/contacts/" + contactId,
            HttpMethod.PUT,
            new HttpEntity<>(body, headers),
            String.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url.replace("&amp;", "&"))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private List<String> eventsOf(String contactId, String type) {
    return jdbc.queryForList(
        "select properties from event where contact_id = ? and type = ?",
        String.class,
        contactId,
        type);
  }

  private Boolean emailConsent(String contactId) {
    return consent(contactId, "email");
  }

  private Boolean consent(String contactId, String channel) {
    return jdbc.queryForObject(
        "select granted from contact_consent where contact_id = ? and channel = ?",
        Boolean.class,
        contactId,
        channel);
  }

  private static List<MimeMessage> awaitMailsTo(String email, int count) {
    return waitFor(count + " email(s) to " + email)
        .until(() -> mailsTo(email), l -> l.size() >= count);
  }

  private static List<MimeMessage> mailsTo(String email) {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      try {
        if (m.getAllRecipients()[0].toString().contains(email)) {
          found.add(m);
        }
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return found;
  }

  private static List<String> all(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
