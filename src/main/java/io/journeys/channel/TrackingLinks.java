package io.journeys.channel;

import io.journeys.config.JourneysProperties;
import org.springframework.stereotype.Component;

/** The public URLs of a message's open pixel, tracked links and unsubscribe page. */
@Component
class TrackingLinks {

  private final String base;
  private final TrackingTokens tokens;

  TrackingLinks(JourneysProperties properties, TrackingTokens tokens) {
    String url =
        properties.publicUrl() == null
            ? "http://localhost:8080"
            : properties.publicUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.tokens = tokens;
  }

  String open(String messageId) {
    return base + "/t/o/" + tokens.open(messageId);
  }

  String click(String messageId, String url) {
    return base + "/t/c/" + tokens.click(messageId, url);
  }

  String unsubscribe(String messageId) {
    return base + "/u/" + tokens.unsubscribe(messageId);
  }

  String publicUrl() {
    return base;
  }
}
