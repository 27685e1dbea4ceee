package io.journeys.journey;

import io.journeys.contact.Channel;
import io.journeys.contact.ContactView;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The channel a "best channel" send step uses for a contact: the contact's preferred channel
 * (attribute {@code preferredChannel}) when it can be reached there; else seed 004's rule
 * "年轻用户优先企微/短信" (contacts younger than {@value #YOUNG_BELOW}, attribute {@code age}: WeCom, then
 * SMS); else SMS, then email, then WeCom, then push. Reachable means: no withdrawn consent for the
 * channel and an address (email, phone, WeCom user id; push goes to the contact id). Seed 004's
 * "中年用户优先电话/公众号" has no channel here (no phone calls, no official account), so older contacts get
 * the default order.
 */
final class BestChannel {

  static final int YOUNG_BELOW = 35;
  static final String PREFERRED_ATTRIBUTE = "preferredChannel";
  static final String AGE_ATTRIBUTE = "age";
  static final String WECOM_USER_ATTRIBUTE = "wecomUserId";

  private static final List<Channel> YOUNG =
      List.of(Channel.WECOM, Channel.SMS, Channel.EMAIL, Channel.PUSH);
  private static final List<Channel> DEFAULT =
      List.of(Channel.SMS, Channel.EMAIL, Channel.WECOM, Channel.PUSH);

  private BestChannel() {}

  static String of(ContactView contact) {
    Map<String, Object> attributes = contact.attributes() == null ? Map.of() : contact.attributes();
    if (attributes.get(PREFERRED_ATTRIBUTE) instanceof String preferred) {
      Optional<Channel> channel = Channel.parse(preferred);
      if (channel.isPresent() && reachable(contact, channel.get())) {
        return channel.get().wire();
      }
    }
    List<Channel> order = young(attributes.get(AGE_ATTRIBUTE)) ? YOUNG : DEFAULT;
    return order.stream()
        .filter(channel -> reachable(contact, channel))
        .findFirst()
        .orElse(Channel.PUSH)
        .wire();
  }

  private static boolean young(Object age) {
    if (age instanceof Number number) {
      return number.intValue() < YOUNG_BELOW;
    }
    if (age instanceof String text && text.trim().matches("\\d{1,3}")) {
      return Integer.parseInt(text.trim()) < YOUNG_BELOW;
    }
    return false;
  }

  static boolean reachable(ContactView contact, Channel channel) {
    Map<String, Boolean> consent = contact.consent() == null ? Map.of() : contact.consent();
    if (Boolean.FALSE.equals(consent.get(channel.wire()))) {
      return false;
    }
    return switch (channel) {
      case EMAIL -> present(contact.email());
      case SMS -> present(contact.phone());
      case WECOM ->
          contact.attributes() != null
              && contact.attributes().get(WECOM_USER_ATTRIBUTE) instanceof String id
              && present(id);
      case PUSH -> true;
    };
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
