package io.journeys.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends an alert (fired or recovered) by email to {@code journeys.alerts.email-to} (comma
 * separated; needs the SMTP relay) and to the journey's owner and emergency contact where they are
 * email addresses (journey metadata, operations), and as a JSON {@code POST} to {@code
 * journeys.alerts.webhook-url}, signed like the CRM sync: {@code X-Journeys-Signature: sha256=<hex
 * HMAC-SHA256 of the body keyed with journeys.alerts.webhook-secret>}. A failed notification is
 * logged, not retried (the alert's state and history keep it).
 */
@Component
class AlertNotifier {

  /**
   * What is notified; {@code owner} and {@code emergencyContact} as the journey's metadata has them
   * (null: not declared), {@code journeyPaused}: this firing paused the journey.
   */
  record Alert(
      String rule,
      String description,
      String scope,
      String kind,
      double value,
      long denominator,
      double threshold,
      Instant at,
      String journey,
      String owner,
      String emergencyContact,
      boolean journeyPaused) {}

  /** An address worth mailing: one {@code @}, something either side, no spaces. */
  private static final java.util.regex.Pattern EMAIL =
      java.util.regex.Pattern.compile("[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+");

  private static final Logger log = LoggerFactory.getLogger(AlertNotifier.class);
  private final ObjectProvider<JavaMailSender> mail;
  private final List<String> emailTo;
  private final String from;
  private final String webhookUrl;
  private final String webhookSecret;
  private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  AlertNotifier(
      ObjectProvider<JavaMailSender> mail,
      @Value("${journeys.alerts.email-to:}") String emailTo,
      @Value("${journeys.mail.from:journeys@localhost}") String from,
      @Value("${journeys.alerts.webhook-url:}") String webhookUrl,
      @Value("${journeys.alerts.webhook-secret:}") String webhookSecret) {
    this.mail = mail;
    this.emailTo =
        List.of(emailTo.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    this.from = from;
    this.webhookUrl = webhookUrl.isBlank() ? null : webhookUrl.trim();
    this.webhookSecret = webhookSecret;
    if (this.webhookUrl != null && webhookSecret.isBlank()) {
      throw new IllegalStateException(
          "journeys.alerts.webhook-url needs"
              + " journeys.alerts.webhook-secret (the webhook is signed)");
    }
  }

  /** Whether anything would be notified at all (journey owners aside). */
  boolean configured() {
    return webhookUrl != null || (!emailTo.isEmpty() && mail.getIfAvailable() != null);
  }

  /**
   * The configured addresses, then the owner's and the emergency contact's where they are email
   * addresses (a name or a phone number is only in the webhook's body); each once.
   */
  List<String> recipients(Alert alert) {
    java.util.LinkedHashSet<String> to = new java.util.LinkedHashSet<>(emailTo);
    for (String person : java.util.Arrays.asList(alert.owner(), alert.emergencyContact())) {
      if (person != null && EMAIL.matcher(person.trim()).matches()) {
        to.add(person.trim());
      }
    }
    return List.copyOf(to);
  }

  void notify(Alert alert) {
    JavaMailSender sender = mail.getIfAvailable();
    List<String> to = recipients(alert);
    if (!to.isEmpty() && sender != null) {
      try {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to.toArray(String[]::new));
        message.setSubject(
            "[Journeys alert] "
                + alert.kind()
                + ": "
                + alert.description()
                + " ("
                + alert.scope()
                + ")");
        message.setText(
            alert.description()
                + "\nscope: "
                + alert.scope()
                + "\nvalue: "
                + alert.value()
                + " (threshold "
                + alert.threshold()
                + ", denominator "
                + alert.denominator()
                + ")\nat: "
                + alert.at()
                + (alert.journeyPaused()
                    ? "\nThe journey " + alert.journey() + " was paused; an operator resumes it.\n"
                    : "\n")
                + (alert.owner() == null ? "" : "owner: " + alert.owner() + "\n")
                + (alert.emergencyContact() == null
                    ? ""
                    : "emergency contact: " + alert.emergencyContact() + "\n"));
        sender.send(message);
      } catch (RuntimeException e) {
        log.warn("Alert {} ({}) not emailed: {}", alert.rule(), alert.scope(), e.getMessage());
      }
    }
    if (webhookUrl != null) {
      try {
        byte[] body = json.writeValueAsBytes(alert);
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(webhookUrl))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Journeys-Signature", "sha256=" + sign(body, webhookSecret))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
          log.warn(
              "Alert {} ({}): webhook answered {}",
              alert.rule(),
              alert.scope(),
              response.statusCode());
        }
      } catch (RuntimeException | java.io.IOException e) {
        log.warn("Alert {} ({}) not posted: {}", alert.rule(), alert.scope(), e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
