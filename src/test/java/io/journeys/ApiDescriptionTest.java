package io.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI description at {@code /v3/api-docs} (docs/contract.md §2) lists every handler under
 * {@code /api} that Spring MVC maps, with its HTTP method, and nothing else: a new controller
 * cannot stay undocumented. Same context as {@link EmbeddedShapeTest}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:embedded-shape;DB_CLOSE_DELAY=-1",
      "journeys.metrics.incidents-every=PT1S"
    })
@AutoConfigureObservability(tracing = false)
class ApiDescriptionTest {

  private static final Set<String> OPERATIONS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  @Autowired TestRestTemplate anonymous;
  @Autowired ObjectMapper json;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mvc;

  @Test
  void describesEveryApiHandlerWithItsMethod() throws Exception {
    Set<String> handlers = new TreeSet<>();
    for (Map.Entry<RequestMappingInfo, ?> handler : mvc.getHandlerMethods().entrySet()) {
      RequestMappingInfo info = handler.getKey();
      for (String pattern : info.getPatternValues()) {
        if (!pattern.startsWith("/api/")) {
          continue;
        }
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        assertThat(methods)
            .as("%s (%s) names its HTTP method", pattern, handler.getValue())
            .isNotEmpty();
        methods.forEach(m -> handlers.add(m.name() + " " + withoutRegex(pattern)));
      }
    }
    assertThat(handlers)
        .as("the scan finds the API (a sample of it)")
        .contains("PUT /api/contacts/{contactId}", "POST /api/events", "DELETE /api/tokens/{id}");

    ResponseEntity<String> docs =
        anonymous.withBasicAuth("demo", "demo").getForEntity("/v3/api-docs", String.class);
    assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode description = json.readTree(docs.getBody());
    Set<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = description.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              op -> {
                if (OPERATIONS.contains(op)) {
                  documented.add(op.toUpperCase() + " " + path.getKey());
                }
              });
    }
    assertThat(documented).isEqualTo(handlers);
    assertThat(
            description
                .path("components")
                .path("securitySchemes")
                .path("basic")
                .path("scheme")
                .asText())
        .isEqualTo("basic");
    JsonNode imports = description.at("/paths/~1api~1imports/post");
    assertThat(
            imports
                .at("/requestBody/content/multipart~1form-data/schema/properties/file/format")
                .asText())
        .as("the CSV upload is multipart")
        .isEqualTo("binary");
    assertThat(imports.at("/responses/401/content/application~1json/schema/$ref").asText())
        .isEqualTo("#/components/schemas/ApiError");
  }

  @Test
  void theDescriptionNeedsALogin() {
    ResponseEntity<String> none = anonymous.getForEntity("/v3/api-docs", String.class);
    assertThat(none.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    // no Basic challenge: a browser must not be led to keep sending credentials (docs/hardening.md)
    assertThat(none.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).doesNotStartWith("Basic");
    assertThat(anonymous.getForEntity("/swagger-ui/index.html", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(
            anonymous
                .withBasicAuth("sales", "sales")
                .getForEntity("/swagger-ui/index.html", String.class)
                .getStatusCode())
        .as("any role may read the description and its UI")
        .isEqualTo(HttpStatus.OK);
  }

  /** {@code /api/x/{id:[a-z]+}} is {@code /api/x/{id}} in OpenAPI. */
  private static String withoutRegex(String pattern) {
    return pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
  }
}
