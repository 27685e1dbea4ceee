package io.journeys.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.ResourceBundle;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/**
 * The frame of the marketer's console pages ({@code /console/...}, server-rendered): title,
 * navigation, a language switch (zh-CN, en) and the page's markup. Labels come from {@code
 * console/messages_<lang>.properties}; callers escape every value they put into markup with {@link
 * #text}.
 */
public final class ConsolePage {

  private ConsolePage() {}

  /** The language of a request: {@code ?lang=en|zh-CN}, else the browser's, else zh-CN. */
  public record Lang(String tag, ResourceBundle labels) {

    public static Lang of(HttpServletRequest request) {
      String asked = request.getParameter("lang");
      String language = asked != null ? asked : request.getLocale().getLanguage();
      boolean english = language.toLowerCase(Locale.ROOT).startsWith("en");
      Locale locale = english ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
      return new Lang(
          english ? "en" : "zh-CN",
          ResourceBundle.getBundle(
              "console/messages",
              locale,
              ResourceBundle.Control.getNoFallbackControl(
                  ResourceBundle.Control.FORMAT_PROPERTIES)));
    }

    /** A label, escaped for HTML. */
    public String label(String key) {
      return text(labels.getString(key));
    }
  }

  /** Escapes a value for HTML text and attributes; null is an empty string. */
  public static String text(Object value) {
    return value == null ? "" : HtmlUtils.htmlEscape(value.toString(), "UTF-8");
  }

  /** A page of the console: {@code path} is the page's own path (for the language links). */
  public static ResponseEntity<String> render(
      Lang lang, String path, String titleKey, String body) {
    String title = lang.label(titleKey);
    String other = lang.tag().equals("en") ? "zh-CN" : "en";
    String html =
        "<!DOCTYPE html><html lang=\""
            + lang.tag()
            + "\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<meta name=\"robots\" content=\"noindex\"><title>"
            + title
            + " · Journeys</title>"
            + "<style>body{font-family:sans-serif;margin:0}nav{background:#263238;padding:.6em 1em}"
            + "nav a{color:#fff;margin-right:1.5em;text-decoration:none}main{padding:1em 2em}"
            + "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.4em .8em;"
            + "text-align:left}td.n{text-align:right}.empty{color:#888}</style></head><body><nav>"
            + "<a href=\"/console/campaigns?lang="
            + lang.tag()
            + "\">"
            + lang.label("nav.campaigns")
            + "</a><a href=\"/console/broadcasts?lang="
            + lang.tag()
            + "\">"
            + lang.label("nav.broadcasts")
            + "</a><a href=\"/camunda/app/cockpit/\">"
            + lang.label("nav.cockpit")
            + "</a><a href=\""
            + path
            + "?lang="
            + other
            + "\">"
            + lang.label("nav.otherLanguage")
            + "</a></nav><main><h1>"
            + title
            + "</h1>"
            + body
            + "</main></body></html>";
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .body(html);
  }
}
