package io.journeys.operations;

import static io.journeys.operations.Requests.problem;

import io.journeys.operations.Control.Rollout;
import io.journeys.segment.SegmentDirectory;
import io.journeys.web.ApiException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /api/journeys/{key}/rollout}: who enters, a sticky percentage and/or an attribute
 * filter and/or a segment (docs/operations.md).
 */
@RestController
@RequestMapping("/api/journeys")
class RolloutController {

  private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");

  /**
   * Body of rollout: {@code percent} (0-100, two decimals) and/or attribute with values and/or a
   * segment.
   */
  record RolloutRequest(
      BigDecimal percent, String attribute, List<String> values, String segment) {}

  private final JourneyRegistry registry;
  private final JourneyOperations operations;
  private final SegmentDirectory segments;

  RolloutController(
      JourneyRegistry registry, JourneyOperations operations, SegmentDirectory segments) {
    this.registry = registry;
    this.operations = operations;
    this.segments = segments;
  }

  @PutMapping("/{key}/rollout")
  JourneyRegistry.Journey rollout(@PathVariable String key, @RequestBody RolloutRequest body) {
    registry.latest(key);
    List<Map<String, String>> problems = new ArrayList<>();
    BigDecimal percent = body.percent();
    if (percent != null
        && (percent.signum() < 0
            || percent.compareTo(BigDecimal.valueOf(100)) > 0
            || percent.stripTrailingZeros().scale() > 2)) {
      problems.add(problem("percent", "a number from 0 to 100 with at most two decimals"));
    }
    String attribute = blankToNull(body.attribute());
    List<String> values =
        body.values() == null
            ? List.of()
            : body.values().stream()
                .filter(v -> v != null && !v.isBlank())
                .map(String::strip)
                .toList();
    if (attribute != null && !ATTRIBUTE.matcher(attribute).matches()) {
      problems.add(problem("attribute", "a contact attribute name (letters, digits, _ . -)"));
    }
    if (attribute != null && values.isEmpty()) {
      problems.add(problem("values", "at least one value when an attribute is given"));
    }
    if (attribute == null && !values.isEmpty()) {
      problems.add(problem("attribute", "required with values"));
    }
    String segment = blankToNull(body.segment());
    if (segment != null && !segments.exists(segment)) {
      problems.add(problem("segment", "no segment " + segment));
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid rollout", problems);
    }
    boolean all = percent != null && percent.compareTo(BigDecimal.valueOf(100)) == 0;
    operations.rollout(
        key,
        new Rollout(
            all ? null : percent, attribute, attribute == null ? List.of() : values, segment));
    return registry.one(key);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
