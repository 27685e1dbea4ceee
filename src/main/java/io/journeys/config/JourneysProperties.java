package io.journeys.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Settings of Journeys itself ({@code journeys.*}), fed by the JOURNEYS_* environment variables of
 * docs/contract.md §6 through application.yaml.
 *
 * @param publicUrl base URL of tracking and unsubscribe links
 * @param secret server secret for signed tokens; when blank a random one is generated once and kept
 *     in the database, so that every node on that database shares it
 * @param kafka event transport; blank bootstrap servers mean events are handled in-process
 * @param mail email channel; a blank SMTP host means sandbox mode
 * @param crm CRM sync; a blank URL means sandbox mode
 */
@ConfigurationProperties("journeys")
public record JourneysProperties(URI publicUrl, String secret, Kafka kafka, Mail mail, Crm crm) {

  public record Kafka(String bootstrapServers, String eventsTopic, String deadLetterTopic) {
    public boolean enabled() {
      return StringUtils.hasText(bootstrapServers);
    }
  }

  public record Mail(String smtpHost, String from) {
    public boolean sandbox() {
      return !StringUtils.hasText(smtpHost);
    }
  }

  public record Crm(String url, String secret) {
    public boolean sandbox() {
      return !StringUtils.hasText(url);
    }
  }
}
