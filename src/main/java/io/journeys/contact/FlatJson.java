package io.journeys.contact;

import java.util.Map;

/**
 * Writes a JSON object whose values are all strings, as an import's attributes are, without
 * Jackson's per-call set-up (a million rows write a million of them).
 */
final class FlatJson {

  private FlatJson() {}

  /** A JSON object of string values, escaped as RFC 8259 requires. */
  static String write(Map<String, Object> strings) {
    StringBuilder out = new StringBuilder(32 * strings.size()).append('{');
    strings.forEach(
        (k, v) -> {
          out.append(out.length() == 1 ? "" : ",");
          jsonString(k, out).append(':');
          jsonString((String) v, out);
        });
    return out.append('}').toString();
  }

  private static StringBuilder jsonString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"');
  }
}
