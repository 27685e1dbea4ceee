package io.journeys.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.config.JourneysProperties;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * Sends qualified leads to the CRM (docs/contract.md §5): {@code POST journeys.crm.url} with a JSON
 * body signed in {@code X-Journeys-Signature} and an {@code Idempotency-Key}; 2xx is accepted,
 * anything else throws. Sandbox mode (no URL): nothing is sent.
 */
@Component
public class CrmClient {

  private static final Logger log = LoggerFactory.getLogger(CrmClient.class);

  private final JourneysProperties.Crm crm;
  private final ContactDirectory contacts;
  private final ObjectMapper json;
  private final RestClient client;

  CrmClient(
      JourneysProperties properties,
      ContactDirectory contacts,
      ObjectMapper json,
      RestClient.Builder builder,
      @Value("${journeys.http.connect-timeout:5s}") Duration connectTimeout,
      @Value("${journeys.http.read-timeout:15s}") Duration readTimeout) {
    this.crm = properties.crm() == null ? new JourneysProperties.Crm(null, null) : properties.crm();
    this.contacts = contacts;
    this.json = json;
    // HTTP/1.1: no h2c upgrade dance with plain-http receivers
    JdkClientHttpRequestFactory factory =
        new JdkClientHttpRequestFactory(
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build());
    factory.setReadTimeout(readTimeout);
    this.client = builder.requestFactory(factory).build();
  }

  /**
   * Sends the lead, or in sandbox mode only logs that it would have.
   *
   * @throws CrmSyncException when the CRM does not answer 2xx or cannot be reached
   */
  public void sync(CrmLead lead, String idempotencyKey) {
    ContactView contact =
        contacts.find(lead.contactId()).orElseThrow(() -> new CrmSyncException("unknown contact"));
    byte[] body = body(lead, contact);
    if (crm.sandbox()) {
      // the instance, not the contact id: INFO logs are shipped and kept (finding 12)
      log.info(
          "CRM sandbox: lead of journey {} (instance {}) not sent (no CRM URL)",
          lead.journey(),
          lead.processInstanceId());
      return;
    }
    if (!StringUtils.hasText(crm.secret())) {
      throw new CrmSyncException("JOURNEYS_CRM_SECRET must be set when JOURNEYS_CRM_URL is set");
    }
    try {
      client
          .post()
          .uri(crm.url())
          .contentType(MediaType.APPLICATION_JSON)
          .header(CrmSignature.HEADER, CrmSignature.sign(crm.secret(), body))
          .header("Idempotency-Key", idempotencyKey)
          .body(body)
          .retrieve()
          .toBodilessEntity();
    } catch (RestClientResponseException e) {
      throw new CrmSyncException("CRM answered " + e.getStatusCode().value());
    } catch (ResourceAccessException e) {
      throw new CrmSyncException("CRM unreachable (" + rootCause(e) + ")");
    }
    log.info(
        "CRM accepted the lead of journey {} (instance {})",
        lead.journey(),
        lead.processInstanceId());
    log.debug("CRM accepted lead {}", lead.contactId());
  }

  byte[] body(CrmLead lead, ContactView contact) {
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("id", contact.id());
    profile.put("email", contact.email());
    profile.put("phone", contact.phone());
    profile.put("firstName", contact.firstName());
    profile.put("lastName", contact.lastName());
    profile.put("timezone", contact.timezone());
    profile.put("locale", contact.locale());
    profile.put("lifecycleStage", contact.lifecycleStage());
    profile.put("attributes", contact.attributes() == null ? Map.of() : contact.attributes());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("contact", profile);
    body.put("score", contact.score());
    body.put(
        "tags", contact.tags() == null ? List.of() : List.copyOf(new TreeSet<>(contact.tags())));
    body.put("journey", lead.journey());
    body.put("processInstanceId", lead.processInstanceId());
    body.put("outcome", lead.outcome());
    body.put("note", lead.note());
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new CrmSyncException(
          "lead could not be serialized (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName();
  }
}
