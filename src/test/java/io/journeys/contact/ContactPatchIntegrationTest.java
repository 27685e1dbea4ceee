package io.journeys.contact;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeys.support.IntegrationTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** PATCH with JSON Merge Patch through the real HTTP stack on PostgreSQL. */
class ContactPatchIntegrationTest extends IntegrationTestSupport {

  private final String id = "patch-it-" + UUID.randomUUID();

  private ResponseEntity<Map> send(HttpMethod method, String contentType, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType(contentType));
    return rest.exchange("/api/contacts/" + id, method, new HttpEntity<>(body, headers), Map.class);
  }

  @Test
  void patchesAttributesMemberByMemberAndConcurrentPatchesAllCount() {
    assertThat(
            send(
                    HttpMethod.PUT,
                    "application/json",
                    """
        {"email": "%s@example.com", "firstName": "Lei", "attributes": {"城市": "上海", "tier": "gold"}}"""
                        .formatted(id))
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);

    ResponseEntity<Map> patched =
        send(
            HttpMethod.PATCH,
            "application/merge-patch+json",
            "{\"firstName\": null, \"attributes\": {\"tier\": null, \"vip\": true}}");
    assertThat(patched.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(patched.getBody().get("firstName")).isNull();
    assertThat(patched.getBody().get("email")).isEqualTo(id + "@example.com");
    assertThat(patched.getBody().get("attributes")).isEqualTo(Map.of("城市", "上海", "vip", true));

    // ten patches at once, each adding its own attribute: the row lock keeps every one
    List<CompletableFuture<ResponseEntity<Map>>> all =
        IntStream.range(0, 10)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            send(
                                HttpMethod.PATCH,
                                "application/merge-patch+json",
                                "{\"attributes\": {\"k" + i + "\": " + i + "}}")))
            .toList();
    all.forEach(f -> assertThat(f.join().getStatusCode()).isEqualTo(HttpStatus.OK));
    Map<String, Object> attributes =
        (Map<String, Object>) rest.getForObject("/api/contacts/" + id, Map.class).get("attributes");
    assertThat(attributes).hasSize(12).containsEntry("k9", 9).containsEntry("城市", "上海");

    ResponseEntity<Map> bad =
        send(
            HttpMethod.PATCH,
            "application/merge-patch+json",
            "{\"phone\": \"12345\", \"attributes\": \"x\"}");
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody().get("details").toString()).contains("phone").contains("attributes");
    assertThat(send(HttpMethod.PATCH, "application/json", "{}").getStatusCode())
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
}
