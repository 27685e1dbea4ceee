package io.journeys.channel;

import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the links of an HTML body to tracked links and adds the open pixel. Every http(s) {@code
 * href} is rewritten; {@code mailto:}, {@code tel:}, anchors and relative links are left alone,
 * because only http(s) targets are ever signed.
 */
final class LinkRewriter {

  private static final Pattern HREF =
      Pattern.compile("(?i)(\\shref\\s*=\\s*)(?:\"([^\"]*)\"|'([^']*)'|([^\\s>\"']+))");
  private static final Pattern ENTITY =
      Pattern.compile("&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);");
  private static final Pattern BODY_END = Pattern.compile("(?i)</body\\s*>");
  private static final Map<String, String> NAMED =
      Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'");

  private LinkRewriter() {}

  /** Replaces each http(s) href by {@code tracked.apply(originalUrl)}; the rest stays as it is. */
  static String rewriteLinks(String html, UnaryOperator<String> tracked) {
    Matcher m = HREF.matcher(html);
    StringBuilder out = new StringBuilder(html.length() + 256);
    while (m.find()) {
      String raw = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
      String url = unescape(raw).strip();
      String replacement =
          TrackingTokens.isTrackable(url)
              ? m.group(1) + "\"" + escapeAttribute(tracked.apply(url)) + "\""
              : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Adds the 1×1 open pixel before {@code </body>}, or at the end when there is none. */
  static String addPixel(String html, String pixelUrl) {
    String img =
        "<img src=\"" + escapeAttribute(pixelUrl) + "\" width=\"1\" height=\"1\" alt=\"\">";
    Matcher end = BODY_END.matcher(html);
    int at = -1;
    while (end.find()) {
      at = end.start();
    }
    return at < 0 ? html + img : html.substring(0, at) + img + html.substring(at);
  }

  /** Decodes the character references an attribute value may hold (as Mustache escapes them). */
  static String unescape(String value) {
    Matcher m = ENTITY.matcher(value);
    StringBuilder out = new StringBuilder(value.length());
    while (m.find()) {
      String ref = m.group(1);
      String decoded;
      if (ref.startsWith("#")) {
        boolean hex = ref.startsWith("#x") || ref.startsWith("#X");
        int codePoint = Integer.parseInt(ref.substring(hex ? 2 : 1), hex ? 16 : 10);
        decoded =
            Character.isValidCodePoint(codePoint)
                ? new String(Character.toChars(codePoint))
                : m.group();
      } else {
        decoded = NAMED.getOrDefault(ref.toLowerCase(java.util.Locale.ROOT), m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(decoded));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String escapeAttribute(String value) {
    return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
  }
}
