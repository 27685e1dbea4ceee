package io.journeys.contact;

import io.journeys.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/contacts/export[?tag=vip]}: every contact (or those with the tag) as a
 * streamed, formula-safe CSV file. There is no segment concept yet; a segment export will be
 * {@code /api/segments/{key}/export} on the same {@link ContactExporter}.
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

  @GetMapping("/api/contacts/export")
  ResponseEntity<StreamingResponseBody> export(@RequestParam(name = "tag", required = false) String tag) {
    if (tag != null && !TAG.matcher(tag.trim()).matches()) {
      throw ApiException.badRequest("invalid export",
          List.of(Map.of("field", "tag", "reason", "1-100 characters, no control characters")));
    }
    String filter = tag == null ? null : tag.trim();
    String name = filter == null ? "contacts.csv" : "contacts-tag.csv";
    StreamingResponseBody body = out -> {
      long n = exporter.export(filter, out);
      log.info("Exported {} contacts{}", n, filter == null ? "" : " by tag");
    };
    return ResponseEntity.ok()
        .contentType(CSV)
        .header(HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(name).build().toString())
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(body);
  }
}
