package io.journeys.channel;

import io.journeys.contact.Channel;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * App push through an HTTP gateway: {@code POST journeys.push.url} with {@code {"to": contactId,
 * "title", "body", "data": {"messageId"}}}; the gateway maps the contact to its devices. Sandbox
 * when the URL is blank.
 */
@Component
class PushAdapter implements ChannelAdapter {

  private final ChannelProperties.Provider provider;
  private final ProviderHttp http;

  PushAdapter(ChannelProperties properties, ProviderHttp http) {
    this.provider = properties.push();
    this.http = http;
  }

  @Override
  public Channel channel() {
    return Channel.PUSH;
  }

  @Override
  public Delivery send(Outgoing message) {
    String to = message.contact().id();
    String title = message.rendered().require(MessageTemplates.SUBJECT);
    String text = message.rendered().require(MessageTemplates.TEXT);
    if (provider.sandbox()) {
      return Delivery.sandbox(to, title, text);
    }
    http.post(
        Channel.PUSH.wire(),
        provider.url(),
        provider.token(),
        message.idempotencyKey(),
        Map.of(
            "to",
            to,
            "title",
            title,
            "body",
            text,
            "data",
            Map.of("messageId", message.messageId())));
    return Delivery.sent(to, title);
  }
}
