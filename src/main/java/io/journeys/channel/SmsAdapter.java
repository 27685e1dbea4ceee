package io.journeys.channel;

import io.journeys.contact.Channel;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * SMS through an HTTP provider: {@code POST journeys.sms.url} with {@code {"to", "text",
 * "reference"}} and a bearer token. Sandbox when the URL is blank.
 */
@Component
class SmsAdapter implements ChannelAdapter {

  private final ChannelProperties.Provider provider;
  private final ProviderHttp http;

  SmsAdapter(ChannelProperties properties, ProviderHttp http) {
    this.provider = properties.sms();
    this.http = http;
  }

  @Override
  public Channel channel() {
    return Channel.SMS;
  }

  @Override
  public Delivery send(Outgoing message) {
    String to = message.contact().phone();
    if (!StringUtils.hasText(to)) {
      throw new MessageSendException("contact has no phone number");
    }
    String text = message.rendered().require(MessageTemplates.TEXT);
    if (provider.sandbox()) {
      return Delivery.sandbox(to, null, text);
    }
    http.post(
        Channel.SMS.wire(),
        provider.url(),
        provider.token(),
        message.idempotencyKey(),
        Map.of("to", to, "text", text, "reference", message.messageId()));
    return Delivery.sent(to, null);
  }
}
