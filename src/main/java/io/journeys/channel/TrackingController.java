package io.journeys.channel;

import io.journeys.journey.MessageLookup;
import io.journeys.web.ApiException;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The open pixel ({@code GET /t/o/{token}}) and tracked links ({@code GET /t/c/{token}}) of
 * docs/contract.md §3. A tampered, malformed or unknown token answers 400, redirects nowhere and
 * records nothing.
 */
@RestController
class TrackingController {

  private static final Logger log = LoggerFactory.getLogger(TrackingController.class);
  private static final byte[] PIXEL =
      Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

  private final TrackingTokens tokens;
  private final MessageLookup messages;
  private final TrackingEvents events;

  TrackingController(TrackingTokens tokens, MessageLookup messages, TrackingEvents events) {
    this.tokens = tokens;
    this.messages = messages;
    this.events = events;
  }

  /** A verified token and the message it names. */
  private record Tracked(TrackingTokens.Claim claim, MessageLookup.SentMessage message) {}

  @GetMapping("/t/o/{token}")
  ResponseEntity<byte[]> open(@PathVariable String token) {
    MessageLookup.SentMessage message = verify(TrackingTokens.Kind.OPEN, token).message();
    try {
      events.opened(message);
    } catch (RuntimeException e) {
      // the recipient still gets the pixel; the failure is logged, not hidden
      log.warn("Could not record the open of message {}", message.messageId(), e);
    }
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore().mustRevalidate())
        .header(HttpHeaders.PRAGMA, "no-cache")
        .header(HttpHeaders.EXPIRES, "0")
        .contentType(MediaType.IMAGE_GIF)
        .body(PIXEL);
  }

  @GetMapping("/t/c/{token}")
  ResponseEntity<Void> click(@PathVariable String token) {
    Tracked tracked = verify(TrackingTokens.Kind.CLICK, token);
    TrackingTokens.Claim claim = tracked.claim();
    MessageLookup.SentMessage message = tracked.message();
    try {
      events.clicked(message, claim.url());
    } catch (RuntimeException e) {
      // the recipient still reaches the link; the failure is logged, not hidden
      log.warn("Could not record a click on message {}", message.messageId(), e);
    }
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(URI.create(claim.url()))
        .cacheControl(CacheControl.noStore())
        .build();
  }

  private Tracked verify(TrackingTokens.Kind kind, String token) {
    TrackingTokens.Claim claim =
        tokens.verify(kind, token).orElseThrow(TrackingController::invalid);
    return messages
        .find(claim.messageId())
        .map(message -> new Tracked(claim, message))
        .orElseThrow(TrackingController::invalid);
  }

  static ApiException invalid() {
    return ApiException.badRequest("invalid link", List.of());
  }
}
