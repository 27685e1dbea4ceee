package io.journeys.channel;

import java.util.Map;

/** The parts of a rendered template ({@code subject}, {@code html}, {@code text}). */
record RenderedMessage(String template, String locale, Map<String, String> parts) {

  RenderedMessage {
    parts = Map.copyOf(parts);
  }

  /** A part the channel needs; a template without it fails the send with a clear reason. */
  String require(String part) {
    String value = parts.get(part);
    if (value == null) {
      throw new MessageSendException(
          String.format("template '%s' (%s) has no '%s' part", template, locale, part));
    }
    return value;
  }

  String optional(String part) {
    return parts.get(part);
  }
}
