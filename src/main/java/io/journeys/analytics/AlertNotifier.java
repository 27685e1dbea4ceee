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
 * separated; needs the SMTP relay) and as a JSON {@code POST} to {@code
 * journeys.alerts.webhook-url}, signed like the CRM sync: {@code X-Journeys-Signature: sha256=<hex
 * HMAC-SHA256 of the body keyed with journeys.alerts.webhook-secret>}. A failed notification is
 * logged, not retried (the alert's state and history keep it).
 */
@Component
class AlertNotifier {

  /** What is notified. */
  record Alert(
      String rule,
      String description,
      String scope,
      String kind,
      double value,
      long denominator,
      double threshold,
      Instant at) {}

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

  /** Whether anything would be notified at all. */
  boolean configured() {
    return webhookUrl != null || (!emailTo.isEmpty() && mail.getIfAvailable() != null);
  }

  void notify(Alert alert) {
    JavaMailSender sender = mail.getIfAvailable();
    if (!emailTo.isEmpty() && sender != null) {
      try {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(emailTo.toArray(String[]::new));
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
                + "\n");
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
