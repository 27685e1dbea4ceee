package io.journeys.channel;

import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Unsubscribe links (CONTRACT.md §3): {@code GET /u/{token}} shows a confirmation page and
 * changes nothing; {@code POST /u/{token}} (the page's button, or a mail client's RFC 8058
 * one-click request) unsubscribes, with no cookie, login or CSRF token needed.
 */
@RestController
class UnsubscribeController {

  private final TrackingTokens tokens;
  private final MessageLookup messages;
  private final Unsubscriptions unsubscriptions;

  UnsubscribeController(TrackingTokens tokens, MessageLookup messages,
      Unsubscriptions unsubscriptions) {
    this.tokens = tokens;
    this.messages = messages;
    this.unsubscriptions = unsubscriptions;
  }

  @GetMapping("/u/{token}")
  ResponseEntity<String> confirm(@PathVariable String token) {
    if (message(token).isEmpty()) {
      return page(HttpStatus.BAD_REQUEST, "This link is not valid. 此链接无效。", false);
    }
    return page(HttpStatus.OK,
        "Do you want to stop receiving our marketing emails? 您确定不再接收我们的营销邮件吗？", true);
  }

  @PostMapping("/u/{token}")
  ResponseEntity<String> unsubscribe(@PathVariable String token) {
    Optional<MessageLookup.SentMessage> message = message(token);
    if (message.isEmpty()) {
      return page(HttpStatus.BAD_REQUEST, "This link is not valid. 此链接无效。", false);
    }
    unsubscriptions.unsubscribe(message.get());
    return page(HttpStatus.OK,
        "You are unsubscribed and will receive no more marketing emails. 您已退订，将不再收到营销邮件。",
        false);
  }

  private Optional<MessageLookup.SentMessage> message(String token) {
    return tokens.verify(TrackingTokens.Kind.UNSUBSCRIBE, token)
        .flatMap(claim -> messages.find(claim.messageId()));
  }

  private static ResponseEntity<String> page(HttpStatus status, String text, boolean button) {
    String form = button
        ? "<form method=\"post\"><button type=\"submit\">Unsubscribe 退订</button></form>"
        : "";
    String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<meta name=\"robots\" content=\"noindex\"><title>Unsubscribe 退订</title></head>"
        + "<body style=\"font-family:sans-serif;max-width:32em;margin:3em auto\">"
        + "<p>" + text + "</p>" + form + "</body></html>";
    return ResponseEntity.status(status)
        .cacheControl(CacheControl.noStore())
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .body(html);
  }
}
