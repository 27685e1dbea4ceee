package io.journeys.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The heading of the OpenAPI description that springdoc builds from the controllers under {@code
 * /api} ({@code /v3/api-docs}): title, the two ways to log in, the error body every call may
 * answer, and where the rest of the public contract is written (docs/contract.md).
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

  static final String BASIC = "basic";
  static final String TOKEN = "apiToken";
  static final String ERROR = "ApiError";

  private static final Map<String, String> ERRORS =
      Map.of(
          "400", "invalid input: a reason per problem in details",
          "401", "missing or wrong credentials",
          "403", "the caller's role does not allow this call");

  @Bean
  OpenAPI journeysApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Journeys REST API")
                .version("1")
                .description(
                    "The REST API under /api. Errors are {\"error\", \"details\"} with a 4xx status. "
                        + "Events, public endpoints, Camunda, CRM sync and configuration: docs/contract.md."))
        .components(
            new Components()
                .addSchemas(
                    ERROR,
                    new ObjectSchema()
                        .addProperty("error", new StringSchema())
                        .addProperty("details", new ArraySchema().items(new Schema<>())))
                .addSecuritySchemes(
                    BASIC,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("basic")
                        .description("a Camunda user; its groups are its roles"))
                .addSecuritySchemes(
                    TOKEN,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("an API token jrn_… from POST /api/tokens")))
        .addSecurityItem(new SecurityRequirement().addList(BASIC))
        .addSecurityItem(new SecurityRequirement().addList(TOKEN));
  }

  /**
   * What springdoc cannot see in the handler signatures: every call may answer the error body with
   * 400, 401 or 403; a request body holding a file ({@code @RequestParam MultipartFile}) is a
   * multipart upload, which springdoc describes as JSON unless the mapping names its media type.
   */
  @Bean
  OpenApiCustomizer errorsAndUploads() {
    return api ->
        api.getPaths()
            .values()
            .forEach(
                path ->
                    path.readOperations()
                        .forEach(
                            op -> {
                              ERRORS.forEach(
                                  (status, text) ->
                                      op.getResponses().computeIfAbsent(status, s -> error(text)));
                              uploadAsMultipart(op);
                            }));
  }

  private static ApiResponse error(String description) {
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    "application/json",
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR))));
  }

  private static void uploadAsMultipart(Operation op) {
    if (op.getRequestBody() == null || op.getRequestBody().getContent() == null) {
      return;
    }
    Content content = op.getRequestBody().getContent();
    MediaType json = content.get("application/json");
    Schema<?> body = json == null ? null : json.getSchema();
    if (body != null
        && body.getProperties() != null
        && body.getProperties().values().stream()
            .anyMatch(p -> "binary".equals(((Schema<?>) p).getFormat()))) {
      content.remove("application/json");
      content.addMediaType("multipart/form-data", json);
    }
  }
}
