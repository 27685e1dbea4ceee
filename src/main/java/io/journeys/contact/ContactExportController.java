package io.journeys.contact;

import io.journeys.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/contacts/export[?tag=vip]}: every contact (or those with the tag) as a streamed
 * (bounded memory), formula-safe CSV file. A segment's members are exported by {@code GET
 * /api/segments/{key}/export} (segment feature) through {@link ContactCsv}, the same writer.
 */
@RestController
class ContactExportController {

  static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
  private static final Pattern TAG = Pattern.compile("^[^\\p{Cntrl}]{1,100}$");
  private static final Logger log = LoggerFactory.getLogger(ContactExportController.class);

  private final ContactExporter exporter;

  ContactExportController(ContactExporter exporter) {
    this.exporter = exporter;
  }

  /**
   * Written straight to the response on the request thread (not a {@code StreamingResponseBody}:
   * its asynchronous dispatch goes through the security filters again without the stateless Basic
   * or token authentication, and is refused).
   */
  @GetMapping("/api/contacts/export")
  void export(
      @RequestParam(name = "tag", required = false) String tag, HttpServletResponse response)
      throws IOException {
    if (tag != null && !TAG.matcher(tag.trim()).matches()) {
      throw ApiException.badRequest(
          "invalid export",
          List.of(Map.of("field", "tag", "reason", "1-100 characters, no control characters")));
    }
    String filter = tag == null ? null : tag.trim();
    String name = filter == null ? "contacts.csv" : "contacts-tag.csv";
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(CSV.toString());
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        ContentDisposition.attachment().filename(name).build().toString());
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    long n = exporter.export(filter, response.getOutputStream());
    response.flushBuffer();
    log.info("Exported {} contacts{}", n, filter == null ? "" : " by tag");
  }
}
