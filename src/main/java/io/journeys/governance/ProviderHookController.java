package io.journeys.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.config.EngineClock;
import io.journeys.web.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /hooks/{provider}} (docs/contract.md §3): delivery receipts and replies from channel
 * providers, verified by HMAC-SHA256 ({@link HookSignature}) and refused when replayed.
 */
@RestController
class ProviderHookController {

  private final HookSecrets secrets;
  private final HookReceipts receipts;
  private final ProviderCallbacks callbacks;
  private final SendRulesProperties properties;
  private final ObjectMapper json;
  private final TransactionTemplate tx;

  ProviderHookController(
      HookSecrets secrets,
      HookReceipts receipts,
      ProviderCallbacks callbacks,
      SendRulesProperties properties,
      ObjectMapper json,
      PlatformTransactionManager transactions) {
    this.tx = new TransactionTemplate(transactions);
    this.secrets = secrets;
    this.receipts = receipts;
    this.callbacks = callbacks;
    this.properties = properties;
    this.json = json;
  }

  @PostMapping("/hooks/{provider}")
  Map<String, String> callback(
      @PathVariable String provider,
      @RequestHeader(name = "X-Journeys-Timestamp", required = false) String timestamp,
      @RequestHeader(name = "X-Journeys-Signature", required = false) String signature,
      @RequestBody(required = false) byte[] body) {
    byte[] bytes = body == null ? new byte[0] : body;
    String secret =
        secrets
            .secret(provider)
            .orElseThrow(
                () ->
                    unauthorized(
                        "unknown provider", "no secret is configured for provider " + provider));
    Instant now = EngineClock.now();
    Optional<String> problem =
        HookSignature.problem(
            secret, timestamp, signature, bytes, now, properties.hooks().maxSkew());
    if (problem.isPresent()) {
      throw unauthorized("invalid signature", problem.get());
    }
    String accepted = HookSignature.sign(secret, timestamp.trim(), bytes);
    // the receipt and the effects commit together: a callback whose handling fails leaves no
    // receipt, so the provider's retry is handled instead of refused as a replay (finding 10)
    return tx.execute(
        status -> {
          if (!receipts.firstTime(provider, accepted, now, properties.hooks().maxSkew())) {
            throw unauthorized("replayed callback", "this signature was accepted before");
          }
          return Map.of("result", callbacks.handle(provider, payload(bytes)));
        });
  }

  private HookPayload payload(byte[] bytes) {
    HookPayload payload;
    try {
      payload = json.readValue(bytes, HookPayload.class);
    } catch (java.io.IOException e) {
      throw ApiException.badRequest(
          "invalid callback",
          List.of(
              "the body is not the JSON of"
                  + " a callback: "
                  + (e instanceof JsonProcessingException j
                      ? j.getOriginalMessage()
                      : "unreadable")));
    }
    return payload;
  }

  private static ApiException unauthorized(String error, String detail) {
    return new ApiException(HttpStatus.UNAUTHORIZED, error, List.of(detail));
  }
}
