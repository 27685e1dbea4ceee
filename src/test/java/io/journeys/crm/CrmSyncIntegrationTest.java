package io.journeys.crm;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.journeys.support.IntegrationTestSupport;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** CRM sync against the WireMock CRM stub, with the contact read from PostgreSQL. */
class CrmSyncIntegrationTest extends IntegrationTestSupport {

  @Autowired CrmClient client;

  @Test
  void leadIsPostedSignedAndNon2xxThrows() throws Exception {
    String contactId = "c-crm-" + UUID.randomUUID();
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    rest.exchange(
        "/api/contacts/" + contactId,
        HttpMethod.PUT,
        new HttpEntity<>(
            "{\"email\":\""
                + contactId
                + "@example.com\",\"firstName\":\"Mei\",\"lastName\":\"Han\"}",
            headers),
        String.class);
    CrmLead lead = new CrmLead(contactId, "lead-nurturing", "pi-crm", "qualified", "Budget ok");

    crm.stubFor(post(urlEqualTo(CRM_PATH)).willReturn(ok()));
    client.sync(lead, "pi-crm:Task_SyncToCrm");

    LoggedRequest request =
        crm.findAll(
                postRequestedFor(urlEqualTo(CRM_PATH))
                    .withHeader("Idempotency-Key", equalTo("pi-crm:Task_SyncToCrm")))
            .get(0);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(CRM_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertThat(request.getHeader("X-Journeys-Signature"))
        .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(request.getBody())));
    JsonNode body = new ObjectMapper().readTree(request.getBody());
    assertThat(body.at("/contact/id").asText()).isEqualTo(contactId);
    assertThat(body.at("/contact/firstName").asText()).isEqualTo("Mei");
    assertThat(body.get("journey").asText()).isEqualTo("lead-nurturing");
    assertThat(body.get("outcome").asText()).isEqualTo("qualified");
    assertThat(body.get("note").asText()).isEqualTo("Budget ok");

    crm.stubFor(post(urlEqualTo(CRM_PATH)).willReturn(serverError()));
    assertThatThrownBy(() -> client.sync(lead, "pi-crm:Task_SyncToCrm"))
        .isInstanceOf(CrmSyncException.class)
        .hasMessage("CRM answered 500");
  }
}
