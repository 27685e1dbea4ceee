package io.journeys.channel;

import io.journeys.contact.Channel;
import io.journeys.contact.ContactDirectory;
import io.journeys.contact.ContactView;
import io.journeys.journey.MessageLookup;
import io.journeys.web.PublicPage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Unsubscribe links (docs/contract.md §3): {@code GET /u/{token}} shows a confirmation page and
 * changes nothing; {@code POST /u/{token}} (the page's button, or a mail client's RFC 8058
 * one-click request) unsubscribes, with no cookie, login or CSRF token needed. {@code GET
 * /u/{token}/preferences} shows the channels the contact receives (email, SMS, WeCom, app push),
 * each with a box to keep it; {@code POST} of that form withdraws the consent of every channel left
 * unticked. The page only withdraws: consent is given again through the usual consent flows (with
 * double opt-in for email when it is on), not through a link that may have been forwarded.
 */
@RestController
class UnsubscribeController {

  private static final String INVALID = "This link is not valid. 此链接无效。";

  private final TrackingTokens tokens;
  private final MessageLookup messages;
  private final Unsubscriptions unsubscriptions;
  private final ContactDirectory contacts;

  /** The channels of the preference page, in its order, with their labels. */
  static final Map<String, String> CHANNELS = channels();

  UnsubscribeController(
      TrackingTokens tokens,
      MessageLookup messages,
      Unsubscriptions unsubscriptions,
      ContactDirectory contacts) {
    this.tokens = tokens;
    this.messages = messages;
    this.unsubscriptions = unsubscriptions;
    this.contacts = contacts;
  }

  private static Map<String, String> channels() {
    Map<String, String> channels = new LinkedHashMap<>();
    channels.put(Channel.EMAIL.wire(), "Email 邮件");
    channels.put(Channel.SMS.wire(), "SMS 短信");
    channels.put(Channel.WECOM.wire(), "WeCom 企业微信");
    channels.put(Channel.PUSH.wire(), "App push 应用推送");
    return java.util.Collections.unmodifiableMap(channels);
  }

  @GetMapping("/u/{token}")
  ResponseEntity<String> confirm(@PathVariable String token) {
    if (message(token).isEmpty()) {
      return page(HttpStatus.BAD_REQUEST, INVALID);
    }
    return PublicPage.render(
        HttpStatus.OK,
        "Unsubscribe 退订",
        "<p>Do you want to stop receiving our marketing emails? 您确定不再接收我们的营销邮件吗？</p>"
            + "<p><a href=\"./"
            + token
            + "/preferences\">Choose per channel 按渠道选择</a></p>"
            + "<form method=\"post\"><button type=\"submit\">Unsubscribe 退订</button></form>");
  }

  @GetMapping("/u/{token}/preferences")
  ResponseEntity<String> preferences(@PathVariable String token) {
    Optional<MessageLookup.SentMessage> message = message(token);
    if (message.isEmpty()) {
      return page(HttpStatus.BAD_REQUEST, INVALID);
    }
    Map<String, Boolean> consent = consent(message.get());
    StringBuilder form = new StringBuilder("<form method=\"post\">");
    CHANNELS.forEach(
        (channel, label) ->
            form.append("<p>")
                .append(
                    Boolean.TRUE.equals(consent.get(channel))
                        ? "<label><input type=\"checkbox\" name=\"keep\" value=\""
                            + channel
                            + "\" checked> "
                            + label
                            + "</label>"
                        : label + ": not subscribed 未订阅")
                .append("</p>"));
    form.append("<button type=\"submit\">Save 保存</button></form>");
    return PublicPage.render(
        HttpStatus.OK,
        "Preferences 偏好设置",
        "<p>Which messages do you want to keep receiving? 您希望继续接收哪些消息？</p>" + form);
  }

  @PostMapping("/u/{token}/preferences")
  ResponseEntity<String> savePreferences(
      @PathVariable String token,
      @RequestParam(name = "keep", required = false) List<String> keep) {
    Optional<MessageLookup.SentMessage> message = message(token);
    if (message.isEmpty()) {
      return page(HttpStatus.BAD_REQUEST, INVALID);
    }
    List<String> kept = keep == null ? List.of() : keep;
    if (!CHANNELS.keySet().containsAll(kept)) {
      return page(HttpStatus.BAD_REQUEST, "Unknown channel. 未知渠道。");
    }
    Map<String, Boolean> consent = consent(message.get());
    List<Channel> withdrawn = new ArrayList<>();
    for (String channel : CHANNELS.keySet()) {
      if (Boolean.TRUE.equals(consent.get(channel)) && !kept.contains(channel)) {
        withdrawn.add(Channel.parse(channel).orElseThrow());
      }
    }
    unsubscriptions.withdraw(message.get(), withdrawn);
    String done =
        withdrawn.isEmpty()
            ? "Nothing changed. 未做更改。"
            : "You will receive no more marketing messages by "
                + String.join(", ", withdrawn.stream().map(c -> CHANNELS.get(c.wire())).toList())
                + ". 您将不再通过以上渠道收到营销消息。";
    return page(HttpStatus.OK, done);
  }

  private Map<String, Boolean> consent(MessageLookup.SentMessage message) {
    return contacts
        .find(message.contactId())
        .map(ContactView::consent)
        .filter(c -> c != null)
        .orElse(Map.of());
  }

  @PostMapping("/u/{token}")
  ResponseEntity<String> unsubscribe(@PathVariable String token) {
    Optional<MessageLookup.SentMessage> message = message(token);
    if (message.isEmpty()) {
      return page(HttpStatus.BAD_REQUEST, INVALID);
    }
    unsubscriptions.unsubscribe(message.get());
    return page(
        HttpStatus.OK,
        "You are unsubscribed and will receive no more marketing emails. 您已退订，将不再收到营销邮件。");
  }

  private Optional<MessageLookup.SentMessage> message(String token) {
    return tokens
        .verify(TrackingTokens.Kind.UNSUBSCRIBE, token)
        .flatMap(claim -> messages.find(claim.messageId()));
  }

  private static ResponseEntity<String> page(HttpStatus status, String text) {
    return PublicPage.message(status, "Unsubscribe 退订", text, null);
  }
}
