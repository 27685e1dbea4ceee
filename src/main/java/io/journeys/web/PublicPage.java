package io.journeys.web;

import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The small HTML pages of the public links ({@code /u}, {@code /optin}): uncached, not indexed,
 * UTF-8. Callers pass fixed text and markup only, never user input.
 */
public final class PublicPage {

  private PublicPage() {}

  /**
   * A paragraph of {@code text}, and a button that posts the page back to its own URL when {@code
   * button} (its label) is given.
   */
  public static ResponseEntity<String> message(
      HttpStatus status, String title, String text, String button) {
    return render(
        status,
        title,
        "<p>"
            + text
            + "</p>"
            + (button == null
                ? ""
                : "<form method=\"post\"><button type=\"submit\">" + button + "</button></form>"));
  }

  /** A page with this markup as its body. */
  public static ResponseEntity<String> render(HttpStatus status, String title, String body) {
    String html =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<meta name=\"robots\" content=\"noindex\"><title>"
            + title
            + "</title></head>"
            + "<body style=\"font-family:sans-serif;max-width:32em;margin:3em auto\">"
            + body
            + "</body></html>";
    return ResponseEntity.status(status)
        .cacheControl(CacheControl.noStore())
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .body(html);
  }
}
