package io.journeys.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.journeys.contact.ContactCsv;
import io.journeys.web.ApiError;
import io.journeys.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/segments}: saved segment definitions with their current size (viewer reads, marketing
 * edits), and {@code GET /api/segments/{key}/export}: the members as the contact CSV export
 * (marketing).
 */
@RestController
class SegmentController {

  private final SegmentService segments;
  private final SegmentMembers members;
  private final ContactCsv csv;

  SegmentController(SegmentService segments, SegmentMembers members, ContactCsv csv) {
    this.segments = segments;
    this.members = members;
    this.csv = csv;
  }

  @GetMapping("/api/segments")
  Map<String, List<SegmentService.View>> list() {
    return Map.of("segments", segments.list());
  }

  @GetMapping("/api/segments/{key}")
  SegmentService.View get(@PathVariable String key) {
    return segments.get(key);
  }

  @PostMapping(path = "/api/segments", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<SegmentService.View> create(@RequestBody(required = false) JsonNode body) {
    SegmentService.View created = segments.create(body);
    return ResponseEntity.status(HttpStatus.CREATED)
        .header(HttpHeaders.LOCATION, "/api/segments/" + created.key())
        .body(created);
  }

  @PutMapping(path = "/api/segments/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
  SegmentService.View update(
      @PathVariable String key, @RequestBody(required = false) JsonNode body) {
    return segments.update(key, body);
  }

  @DeleteMapping("/api/segments/{key}")
  ResponseEntity<Void> delete(@PathVariable String key) {
    segments.delete(key);
    return ResponseEntity.noContent().build();
  }

  /** Written straight to the response on the request thread, like the contact export. */
  @GetMapping("/api/segments/{key}/export")
  void export(@PathVariable String key, HttpServletResponse response) throws IOException {
    if (!SegmentService.KEY.matcher(key).matches()) {
      throw ApiException.notFound("no such segment");
    }
    segments.get(key); // 404 (SegmentNotFound) before anything is written
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(new MediaType("text", "csv", StandardCharsets.UTF_8).toString());
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        ContentDisposition.attachment().filename("segment-" + key + ".csv").build().toString());
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    csv.export((after, limit) -> members.page(key, after, limit), response.getOutputStream());
    response.flushBuffer();
  }

  @ExceptionHandler(SegmentNotFound.class)
  ResponseEntity<ApiError> notFound(SegmentNotFound e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of("no such segment"));
  }

  @ExceptionHandler(SegmentConflict.class)
  ResponseEntity<ApiError> conflict(SegmentConflict e) {
    ApiError body =
        switch (e.kind()) {
          case EXISTS ->
              new ApiError(
                  "segment exists",
                  List.of(
                      Map.of(
                          "field",
                          "key",
                          "reason",
                          "taken; change it with PUT /api/segments/" + e.key())));
          case BUILT_IN ->
              new ApiError(
                  "built-in segment",
                  List.of(
                      Map.of(
                          "reason",
                          "dormant-win-back starts on its entries; change its definition instead")));
        };
    return ResponseEntity.status(HttpStatus.CONFLICT).body(body);
  }

  @ExceptionHandler(InvalidSegment.class)
  ResponseEntity<ApiError> invalid(InvalidSegment e) {
    return ResponseEntity.badRequest().body(new ApiError("invalid segment", e.problems()));
  }
}
