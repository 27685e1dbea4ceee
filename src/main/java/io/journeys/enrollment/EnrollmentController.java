package io.journeys.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import io.journeys.config.EngineClock;
import io.journeys.segment.SegmentDirectory;
import io.journeys.web.ApiException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/journeys/{processKey}/enrollments} with {@code {"segment": "<key>"}} or {@code
 * {"contactIds": [...]}}: stores the request and answers {@code 202 {"enrollmentId"}}; the nodes'
 * {@link EnrollmentWorker}s do the rest. {@code GET /api/enrollments/{id}}: progress and counts.
 */
@RestController
class EnrollmentController {

  static final int MAX_CONTACT_IDS = 1_000_000;

  private final Enrollments enrollments;
  private final SegmentDirectory segments;
  private final JourneyStarts starts;

  EnrollmentController(Enrollments enrollments, SegmentDirectory segments, JourneyStarts starts) {
    this.enrollments = enrollments;
    this.segments = segments;
    this.starts = starts;
  }

  @PostMapping(
      path = "/api/journeys/{processKey}/enrollments",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  @Transactional // the request and its list commit together: no worker sees half a list
  public ResponseEntity<Map<String, String>> enroll(
      @PathVariable String processKey, @RequestBody(required = false) JsonNode body) {
    if (starts.latest(processKey) == null) {
      throw ApiException.notFound("no such journey");
    }
    boolean bySegment = body != null && body.has("segment");
    boolean byList = body != null && body.has("contactIds");
    if (body == null || !body.isObject() || bySegment == byList || body.size() != 1) {
      throw invalid("", "exactly one of segment or contactIds");
    }
    String id = UUID.randomUUID().toString();
    if (bySegment) {
      JsonNode segment = body.get("segment");
      if (!segment.isTextual() || !segments.exists(segment.asText())) {
        throw invalid("segment", "the key of a saved segment (GET /api/segments)");
      }
      enrollments.create(id, processKey, segment.asText(), List.of(), EngineClock.now());
    } else {
      enrollments.create(
          id, processKey, null, contactIds(body.get("contactIds")), EngineClock.now());
    }
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .header(HttpHeaders.LOCATION, "/api/enrollments/" + id)
        .body(Map.of("enrollmentId", id));
  }

  @GetMapping("/api/enrollments/{id}")
  Map<String, Object> get(@PathVariable String id) {
    Enrollment e =
        enrollments.find(id).orElseThrow(() -> ApiException.notFound("no such enrollment"));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("enrollmentId", e.id());
    view.put("journey", e.processKey());
    view.put(
        e.segmentKey() == null ? "contacts" : "segment",
        e.segmentKey() == null ? e.requested() : e.segmentKey());
    view.put("status", e.status());
    int skipped = e.skippedRunning() + e.skippedReentry() + e.skippedMissing();
    view.put("processed", e.enrolled() + skipped);
    view.put("enrolled", e.enrolled());
    view.put("skipped", skipped);
    view.put(
        "skippedByReason",
        Map.of(
            "already-in-journey",
            e.skippedRunning(),
            "re-entry-window",
            e.skippedReentry(),
            "no-such-contact",
            e.skippedMissing()));
    view.put("batches", e.batches());
    view.put("createdAt", e.createdAt());
    if (e.finishedAt() != null) {
      view.put("finishedAt", e.finishedAt());
    }
    if (e.error() != null) {
      view.put("error", e.error());
    }
    return view;
  }

  private static Set<String> contactIds(JsonNode list) {
    if (!list.isArray() || list.isEmpty() || list.size() > MAX_CONTACT_IDS) {
      throw invalid("contactIds", "an array of 1-" + MAX_CONTACT_IDS + " contact ids");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode id = list.get(i);
      if (!id.isTextual() || id.asText().isBlank() || id.asText().length() > 100) {
        throw invalid("contactIds[" + i + "]", "a contact id, 1-100 characters");
      }
      ids.add(id.asText());
    }
    return ids;
  }

  private static ApiException invalid(String field, String reason) {
    return ApiException.badRequest(
        "invalid enrollment", List.of(Map.of("field", field, "reason", reason)));
  }
}
